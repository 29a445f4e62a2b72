namespace Retain.Analytics.Clv;

/// <summary>
/// Turns fitted models into per-customer predictions. Point predictions use the fitted parameters. Intervals come
/// from Monte Carlo draws that combine both sources of uncertainty: each draw takes parameters from the normal
/// approximation of the fit (N(ln θ̂, H⁻¹) on the log scale, H the Hessian of the negative log-likelihood), then the
/// customer's latent state from its posterior under those parameters (alive or not; purchase rate λ; dropout p or μ;
/// mean spend), and records the expectation conditional on that state. P(alive) and P(no purchase) are posterior
/// probabilities already, so their intervals reflect parameter uncertainty only. The next-purchase time is the median
/// waiting time to the next purchase while the customer is still buying, with the interval of that waiting time.
/// </summary>
public sealed class ClvPredictor
{
    private readonly PurchaseModel _purchases;
    private readonly GammaGammaModel? _spend;
    private readonly PredictionOptions _options;
    private readonly PurchaseModel[] _purchaseDraws;
    private readonly GammaGammaModel[]? _spendDraws;
    private readonly double[] _valueTimes;

    public ClvPredictor(PurchaseModel purchases, GammaGammaModel? spend, PredictionOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(options);
        BgNbdModel.CheckHorizon(options.Horizon);
        if (options.Draws < 10 || !(options.Level > 0 && options.Level < 1) || options.ValuePeriods < 0 ||
            !(options.PeriodLength > 0) || !(options.DiscountRate > -1))
            throw new ArgumentException("prediction options out of range: draws ≥ 10, 0 < level < 1, period length > 0, discount > −1");
        _purchases = purchases;
        _spend = spend;
        _options = options;
        _valueTimes = [.. Enumerable.Range(1, options.ValuePeriods).Select(k => k * options.PeriodLength)];
        var rng = new Random(options.Seed);
        _purchaseDraws = [.. ParameterDraws(purchases.ParameterValues, purchases.Diagnostics, options.Draws, rng).Select(purchases.WithParameters)];
        if (spend is not null)
            _spendDraws = [.. ParameterDraws(spend.Parameters.ToArray(), spend.Diagnostics, options.Draws, rng).Select(GammaGammaModel.WithParameters)];
        ParameterUncertainty = purchases.Diagnostics?.HasStandardErrors == true;
    }

    /// <summary>False when the purchase model has no usable covariance (built from given parameters, or a singular
    /// Hessian): intervals then reflect the customer's own posterior only.</summary>
    public bool ParameterUncertainty { get; }

    /// <summary>Discounted expected value: Σₖ spend·(E[X(kΔ)] − E[X((k−1)Δ)])/(1+d)^k, as lifetimes computes it.</summary>
    public double Value(in CustomerSummary customer)
    {
        if (_spend is null)
            throw new InvalidOperationException("customer value needs a spend model (Gamma-Gamma)");
        return _spend.ConditionalExpectedAverageSpend(customer) * DiscountedPurchases(_purchases, customer);
    }

    private double DiscountedPurchases(PurchaseModel model, in CustomerSummary customer)
    {
        double total = 0, previous = 0, discount = 1;
        foreach (var t in _valueTimes)
        {
            var cumulative = model.ExpectedPurchases(customer, t);
            discount /= 1 + _options.DiscountRate;
            total += (cumulative - previous) * discount;
            previous = cumulative;
        }
        return total;
    }

    /// <summary>Point predictions for every customer, in parallel.</summary>
    public PointPredictions PredictPoints(ReadOnlySpan<CustomerSummary> customers)
    {
        var array = customers.ToArray();
        var n = array.Length;
        var alive = new double[n];
        var expected = new double[n];
        var none = new double[n];
        var value = _spend is null ? null : new double[n];
        var horizon = _options.Horizon;
        Parallel.For(0, (n + SummaryArrays.ChunkSize - 1) / SummaryArrays.ChunkSize, c =>
        {
            var end = Math.Min(n, (c + 1) * SummaryArrays.ChunkSize);
            for (var i = c * SummaryArrays.ChunkSize; i < end; i++)
            {
                alive[i] = _purchases.ProbabilityAlive(array[i]);
                expected[i] = _purchases.ExpectedPurchases(array[i], horizon);
                none[i] = _purchases.ProbabilityNoPurchase(array[i], horizon);
                if (value is not null)
                    value[i] = Value(array[i]);
            }
        });
        return new PointPredictions(alive, expected, none, value);
    }

    /// <summary>All predictions for one customer with intervals (deterministic for a given seed).</summary>
    public CustomerPrediction Predict(in CustomerSummary customer)
    {
        customer.Validate();
        var draws = _options.Draws;
        var rng = new Random(_options.Seed);
        var alive = new double[draws];
        var none = new double[draws];
        var expected = new double[draws];
        var wait = new double[draws];
        var spend = _spend is null ? null : new double[draws];
        var value = _spend is null ? null : new double[draws];
        Span<double> times = stackalloc double[_valueTimes.Length + 1];
        Span<double> cumulative = stackalloc double[_valueTimes.Length + 1];
        times[0] = _options.Horizon;
        _valueTimes.CopyTo(times[1..]);
        for (var s = 0; s < draws; s++)
        {
            var model = _purchaseDraws[s];
            alive[s] = model.ProbabilityAlive(customer);
            none[s] = model.ProbabilityNoPurchase(customer, _options.Horizon);
            model.SampleConditionalCumulative(customer, times, cumulative, rng);
            expected[s] = cumulative[0];
            double r = model.ParameterValues[0], a = model.ParameterValues[1];
            var lambda = MathNet.Numerics.Distributions.Gamma.Sample(rng, r + customer.X, a + customer.T);
            wait[s] = -Math.Log(1 - rng.NextDouble()) / Math.Max(lambda, 1e-300);
            if (spend is not null && value is not null)
            {
                spend[s] = _spendDraws![s].SampleMeanSpend(customer, rng);
                double total = 0, previous = 0, discount = 1;
                for (var k = 1; k < times.Length; k++)
                {
                    discount /= 1 + _options.DiscountRate;
                    total += (cumulative[k] - previous) * discount;
                    previous = cumulative[k];
                }
                value[s] = spend[s] * total;
            }
        }

        Estimate Interval(double point, double[] sample)
        {
            Array.Sort(sample);
            var tail = (1 - _options.Level) / 2;
            return new Estimate(point, Quantile(sample, tail), Quantile(sample, 1 - tail));
        }
        return new CustomerPrediction(
            Interval(_purchases.ProbabilityAlive(customer), alive),
            Interval(_purchases.ExpectedPurchases(customer, _options.Horizon), expected),
            Interval(_purchases.ProbabilityNoPurchase(customer, _options.Horizon), none),
            Interval(_purchases.NextPurchaseTime(customer), wait),
            _spend is null ? null : Interval(_spend.ConditionalExpectedAverageSpend(customer), spend!),
            _spend is null ? null : Interval(Value(customer), value!));
    }

    private static double Quantile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Parameter vectors from N(ln θ̂, Σ) on the log scale; the point estimate repeated when Σ is unusable.</summary>
    private static IEnumerable<double[]> ParameterDraws(IReadOnlyList<double> point, FitDiagnostics? diagnostics, int count, Random rng)
    {
        var k = point.Count;
        var chol = diagnostics is { HasStandardErrors: true } ? Linear.Cholesky(diagnostics.LogCovariance) : null;
        var z = new double[k];
        for (var s = 0; s < count; s++)
        {
            var draw = new double[k];
            for (var i = 0; i < k; i++)
                z[i] = chol is null ? 0 : MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1);
            for (var i = 0; i < k; i++)
            {
                double shift = 0;
                for (var j = 0; j <= i && chol is not null; j++)
                    shift += chol[i, j] * z[j];
                draw[i] = point[i] * Math.Exp(Math.Clamp(shift, -Minimizer.LogBound, Minimizer.LogBound));
            }
            yield return draw;
        }
    }
}
