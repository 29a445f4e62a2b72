using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Retain.Analytics.Clv;

/// <summary>BG/NBD parameters: purchase rate λ ~ Gamma(r, rate α); dropout probability after each purchase p ~ Beta(a, b).</summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B)
{
    public double[] ToArray() => [R, Alpha, A, B];
}

/// <summary>
/// The beta-geometric/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way".
/// Fit with <see cref="Fit"/>, or build from known parameters; then predict per customer.
/// </summary>
public sealed class BgNbdModel : PurchaseModel
{
    public BgNbdModel(BgNbdParameters parameters, FitDiagnostics? diagnostics = null)
        : base(parameters.ToArray(), diagnostics) => Parameters = parameters;

    public BgNbdParameters Parameters { get; }

    /// <summary>
    /// Maximum-likelihood (or, with a prior, maximum a posteriori) fit on the log scale with analytic gradients.
    /// Never throws for lack of convergence: check <see cref="FitDiagnostics.Converged"/> and its warning.
    /// </summary>
    public static BgNbdModel Fit(ReadOnlySpan<CustomerSummary> customers, ClvFitOptions? options = null)
    {
        var data = new SummaryArrays(customers);
        var meanT = CheckFittable(data);
        // λ = r/α starts at the observed repeat rate; the prior centres α on the mean age (a rate of one per T).
        double[] start = [1, meanT / Math.Max(data.MeanX(), 0.05), 1, 1];
        double[] priorCentre = [0, Math.Log(meanT), 0, 0];
        var (p, d) = FitEngine.Fit(new BgNbdLikelihood(data), start, priorCentre, options);
        return new BgNbdModel(new BgNbdParameters(p[0], p[1], p[2], p[3]), d);
    }

    internal static double CheckFittable(SummaryArrays data)
    {
        if (data.Count == 0)
            throw new ArgumentException("cannot fit a purchase model to no customers");
        var meanT = data.MeanT();
        if (!(meanT > 0))
            throw new ArgumentException("every customer has T = 0 (a single day of history): there is nothing to fit yet");
        return meanT;
    }

    /// <summary>Σ log-likelihood over <paramref name="customers"/> at these parameters.</summary>
    public double LogLikelihood(ReadOnlySpan<CustomerSummary> customers) =>
        new BgNbdLikelihood(new SummaryArrays(customers)).Evaluate(Parameters.ToArray(), new double[4], parallel: true);

    public override double LogLikelihood(in CustomerSummary customer) => LogLikelihood([customer]);

    public override PurchaseModel WithParameters(double[] parameters) =>
        new BgNbdModel(new BgNbdParameters(parameters[0], parameters[1], parameters[2], parameters[3]));

    /// <summary>ln of the odds of having dropped out: a/(b+x−1)·((α+T)/(α+t_x))^(r+x), −∞ when x = 0.</summary>
    private double LogDeadOdds(in CustomerSummary c)
    {
        if (c.X == 0)
            return double.NegativeInfinity;
        var (r, alpha, a, b) = Parameters;
        return Math.Log(a) - Math.Log(b + c.X - 1) + (r + c.X) * (Math.Log(alpha + c.T) - Math.Log(alpha + c.Tx));
    }

    public override double ProbabilityAlive(in CustomerSummary customer) => 1 / (1 + Math.Exp(LogDeadOdds(customer)));

    public override double ExpectedPurchases(in CustomerSummary customer, double t)
    {
        CheckHorizon(t);
        if (t == 0)
            return 0;
        var (r, alpha, a, b) = Parameters;
        var x = customer.X;
        var aT = alpha + customer.T;
        // E = (a+b+x−1)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x)·2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]·P(alive)  (FHL 2005 eq. 10)
        double Core(double aa)
        {
            var logF = Hypergeometric.Log2F1(r + x, b + x, aa + b + x - 1, t / (aT + t));
            var inner = -Precise.ExpM1((r + x) * Math.Log(aT / (aT + t)) + logF);
            return (aa + b + x - 1) / (aa - 1) * inner;
        }
        // a = 1 is a removable singularity (0/0): average the two sides.
        var core = Math.Abs(a - 1) < 1e-6 ? 0.5 * (Core(1 - 1e-6) + Core(1 + 1e-6)) : Core(a);
        return core * ProbabilityAlive(customer);
    }

    public override double ProbabilityNoPurchase(in CustomerSummary customer, double t)
    {
        CheckHorizon(t);
        // Dead, or alive and no purchase at Poisson rate λ ~ Gamma(r+x, α+T) for time t.
        var alive = ProbabilityAlive(customer);
        var aT = Parameters.Alpha + customer.T;
        return 1 - alive * -Precise.ExpM1((Parameters.R + customer.X) * Math.Log(aT / (aT + t)));
    }

    public override double ExpectedPurchasesNewCustomer(double t)
    {
        CheckHorizon(t);
        if (t == 0)
            return 0;
        var (r, alpha, a, b) = Parameters;
        double Core(double aa)
        {
            var logF = Hypergeometric.Log2F1(r, b, aa + b - 1, t / (alpha + t));
            return (aa + b - 1) / (aa - 1) * -Precise.ExpM1(r * Math.Log(alpha / (alpha + t)) + logF);
        }
        return Math.Abs(a - 1) < 1e-6 ? 0.5 * (Core(1 - 1e-6) + Core(1 + 1e-6)) : Core(a);
    }

    /// <summary>P(X(t) = k) for a new customer observed for <paramref name="t"/> (FHL 2005 eq. 8), e.g. for the
    /// expected number of customers with 0, 1, 2, … repeat purchases in calibration (sum over customers with t = T).</summary>
    public double ProbabilityOfPurchases(int k, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckHorizon(t);
        var (r, alpha, a, b) = Parameters;
        var lnBab = SpecialFunctions.BetaLn(a, b);
        var lnP = Math.Log(alpha / (alpha + t));
        var lnQ = t > 0 ? Math.Log(t / (alpha + t)) : double.NegativeInfinity;
        var first = Math.Exp(SpecialFunctions.BetaLn(a, b + k) - lnBab + SpecialFunctions.GammaLn(r + k)
            - SpecialFunctions.GammaLn(r) - SpecialFunctions.FactorialLn(k) + r * lnP + (k > 0 ? k * lnQ : 0));
        if (k == 0)
            return first;
        double partial = 0;
        for (var j = 0; j < k; j++)
            partial += Math.Exp(SpecialFunctions.GammaLn(r + j) - SpecialFunctions.GammaLn(r) - SpecialFunctions.FactorialLn(j)
                + r * lnP + (j > 0 ? j * lnQ : 0));
        return first + Math.Exp(SpecialFunctions.BetaLn(a + 1, b + k - 1) - lnBab) * Math.Max(0, 1 - partial);
    }

    /// <summary>
    /// Expected number of customers with 0, 1, …, <paramref name="buckets"/>−2 repeat purchases in calibration, and with
    /// <paramref name="buckets"/>−1 or more in the last bucket: Σᵢ P(X(Tᵢ) = k), to set beside the observed histogram.
    /// </summary>
    public double[] ExpectedFrequencyCounts(ReadOnlySpan<CustomerSummary> customers, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        var result = new double[buckets];
        var byT = new Dictionary<double, int>();
        foreach (var c in customers)
            byT[c.T] = byT.GetValueOrDefault(c.T) + 1;
        foreach (var (t, count) in byT)
        {
            double below = 0;
            for (var k = 0; k < buckets - 1; k++)
            {
                var pk = ProbabilityOfPurchases(k, t);
                result[k] += count * pk;
                below += pk;
            }
            result[buckets - 1] += count * Math.Max(0, 1 - below);
        }
        return result;
    }

    internal override void SampleConditionalCumulative(in CustomerSummary customer, ReadOnlySpan<double> times, Span<double> cumulative, Random rng)
    {
        if (rng.NextDouble() >= ProbabilityAlive(customer))
        {
            cumulative.Clear();
            return;
        }
        var (r, alpha, a, b) = Parameters;
        var lambda = Gamma.Sample(rng, r + customer.X, alpha + customer.T);
        var p = Math.Max(Beta.Sample(rng, a, b + customer.X), 1e-300);
        // Alive: purchases at rate λ until the geometric dropout, so E[X(t) | λ, p] = (1 − e^(−λpt))/p.
        for (var i = 0; i < times.Length; i++)
            cumulative[i] = -Precise.ExpM1(-lambda * p * times[i]) / p;
    }

    internal static void CheckHorizon(double t)
    {
        if (!(t >= 0) || !double.IsFinite(t))
            throw new ArgumentOutOfRangeException(nameof(t), "the horizon must be finite and ≥ 0");
    }
}
