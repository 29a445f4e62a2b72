namespace Retain.Analytics.Clv;

/// <summary>
/// What BG/NBD and Pareto/NBD have in common: per-customer predictions from (x, t_x, T), the population curve for
/// tracking plots, and the draws of a customer's latent state that the uncertainty intervals are built from.
/// All times are in the unit the model was fitted in.
/// </summary>
public abstract class PurchaseModel
{
    private protected PurchaseModel(double[] parameters, FitDiagnostics? diagnostics)
    {
        if (parameters.Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException("model parameters must be positive and finite");
        ParameterValues = parameters;
        Diagnostics = diagnostics;
    }

    /// <summary>The parameters in the model's order (r, α, a, b) or (r, α, s, β).</summary>
    public IReadOnlyList<double> ParameterValues { get; }

    /// <summary>How the fit went; null for a model built from given parameters.</summary>
    public FitDiagnostics? Diagnostics { get; }

    /// <summary>P(the customer is still alive at T | x, t_x, T).</summary>
    public abstract double ProbabilityAlive(in CustomerSummary customer);

    /// <summary>E[X(T, T+t] | x, t_x, T]: expected repeat purchases in the next <paramref name="t"/>.</summary>
    public abstract double ExpectedPurchases(in CustomerSummary customer, double t);

    /// <summary>P(no purchase in (T, T+t] | x, t_x, T): the churn score for a window of length <paramref name="t"/>.</summary>
    public abstract double ProbabilityNoPurchase(in CustomerSummary customer, double t);

    /// <summary>E[X(t)] for a customer who made the first purchase at time 0 (unconditional, for tracking plots).</summary>
    public abstract double ExpectedPurchasesNewCustomer(double t);

    /// <summary>The same model with other parameters (used to propagate parameter uncertainty).</summary>
    public abstract PurchaseModel WithParameters(double[] parameters);

    /// <summary>Log-likelihood of one customer.</summary>
    public abstract double LogLikelihood(in CustomerSummary customer);

    /// <summary>
    /// Waiting time to the next purchase of a customer who is still buying: its posterior is Lomax (Pareto II) with
    /// shape r+x and scale α+T, so the <paramref name="quantile"/> is (α+T)((1−q)^(−1/(r+x)) − 1); 0.5 gives the median.
    /// </summary>
    public double NextPurchaseTime(in CustomerSummary customer, double quantile = 0.5)
    {
        if (!(quantile > 0 && quantile < 1))
            throw new ArgumentOutOfRangeException(nameof(quantile), "quantile must be in (0, 1)");
        double r = ParameterValues[0], alpha = ParameterValues[1];
        return (alpha + customer.T) * Precise.ExpM1(-Math.Log(1 - quantile) / (r + customer.X));
    }

    /// <summary>
    /// Draws the customer's latent state from its posterior given these parameters and writes the expected cumulative
    /// purchases at each of <paramref name="times"/> conditional on that state (0 everywhere for a dead draw).
    /// </summary>
    internal abstract void SampleConditionalCumulative(in CustomerSummary customer, ReadOnlySpan<double> times, Span<double> cumulative, Random rng);

    /// <summary>
    /// Σ over customers of E[X(τ − s_i)] for customers whose first purchase s_i is before τ: the expected cumulative repeat
    /// purchases of the cohort at each time τ in <paramref name="times"/> (the model's tracking plot).
    /// </summary>
    public double[] ExpectedCumulativePurchases(ReadOnlySpan<double> firstPurchaseTimes, ReadOnlySpan<double> times)
    {
        var result = new double[times.Length];
        var cache = new Dictionary<double, double>();
        for (var j = 0; j < times.Length; j++)
        {
            double sum = 0;
            foreach (var s in firstPurchaseTimes)
            {
                var age = times[j] - s;
                if (age <= 0)
                    continue;
                if (!cache.TryGetValue(age, out var e))
                    cache[age] = e = ExpectedPurchasesNewCustomer(age);
                sum += e;
            }
            result[j] = sum;
        }
        return result;
    }
}
