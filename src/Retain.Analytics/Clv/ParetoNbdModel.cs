using MathNet.Numerics.Distributions;

namespace Retain.Analytics.Clv;

/// <summary>Pareto/NBD parameters: purchase rate λ ~ Gamma(r, rate α); dropout rate μ ~ Gamma(s, rate β).</summary>
public sealed record ParetoNbdParameters(double R, double Alpha, double S, double Beta)
{
    public double[] ToArray() => [R, Alpha, S, Beta];
}

/// <summary>
/// The Pareto/NBD model of Schmittlein, Morrison &amp; Colombo (1987), in the formulation of Fader &amp; Hardie's 2005 note
/// "A note on deriving the Pareto/NBD model and related expressions".
/// </summary>
public sealed class ParetoNbdModel : PurchaseModel
{
    public ParetoNbdModel(ParetoNbdParameters parameters, FitDiagnostics? diagnostics = null)
        : base(parameters.ToArray(), diagnostics) => Parameters = parameters;

    public ParetoNbdParameters Parameters { get; }

    /// <summary>Maximum-likelihood (or MAP with a prior) fit; see <see cref="BgNbdModel.Fit"/>.</summary>
    public static ParetoNbdModel Fit(ReadOnlySpan<CustomerSummary> customers, ClvFitOptions? options = null)
    {
        var data = new SummaryArrays(customers);
        var meanT = BgNbdModel.CheckFittable(data);
        double[] start = [1, meanT / Math.Max(data.MeanX(), 0.05), 1, meanT];
        double[] priorCentre = [0, Math.Log(meanT), 0, Math.Log(meanT)];
        var (p, d) = FitEngine.Fit(new ParetoNbdLikelihood(data), start, priorCentre, options);
        return new ParetoNbdModel(new ParetoNbdParameters(p[0], p[1], p[2], p[3]), d);
    }

    public double LogLikelihood(ReadOnlySpan<CustomerSummary> customers) =>
        new ParetoNbdLikelihood(new SummaryArrays(customers)).Evaluate(Parameters.ToArray(), new double[4], parallel: true);

    public override double LogLikelihood(in CustomerSummary customer) => LogLikelihood([customer]);

    public override PurchaseModel WithParameters(double[] parameters) =>
        new ParetoNbdModel(new ParetoNbdParameters(parameters[0], parameters[1], parameters[2], parameters[3]));

    public override double ProbabilityAlive(in CustomerSummary customer)
    {
        // P(alive) = E3 / (E3 + s·(J(t_x) − J(T))): the share of the likelihood where the customer outlives T.
        var (r, alpha, s, beta) = Parameters;
        var x = customer.X;
        var l3 = -(r + x) * Math.Log(alpha + customer.T) - s * Math.Log(beta + customer.T);
        if (customer.T <= customer.Tx)
            return 1;
        var shift = Math.Log(s) - Math.Log(r + s + x);
        var lt = shift + ParetoIntegral.Log(r + x, s + 1, alpha, beta, customer.Tx, []);
        var lT = shift + ParetoIntegral.Log(r + x, s + 1, alpha, beta, customer.T, []);
        var m = Math.Max(l3, lt);
        var e3 = Math.Exp(l3 - m);
        return e3 / (e3 + Math.Exp(lt - m) - Math.Exp(lT - m));
    }

    public override double ExpectedPurchases(in CustomerSummary customer, double t)
    {
        BgNbdModel.CheckHorizon(t);
        var (r, alpha, s, beta) = Parameters;
        var bT = beta + customer.T;
        // E = (r+x)/(α+T)·(β+T)/(s−1)·[1 − ((β+T)/(β+T+t))^(s−1)]·P(alive), continuous through s = 1.
        var horizon = bT * RateIntegral(s - 1, Precise.LogP1(t / bT));
        return (r + customer.X) / (alpha + customer.T) * horizon * ProbabilityAlive(customer);
    }

    public override double ProbabilityNoPurchase(in CustomerSummary customer, double t)
    {
        BgNbdModel.CheckHorizon(t);
        if (t == 0)
            return 1;
        var (r, alpha, s, beta) = Parameters;
        double rx = r + customer.X, aT = alpha + customer.T, bT = beta + customer.T;
        // Alive at T: P(buy within t) = ∫₀ᵗ E[λe^(−λτ)]·E[e^(−μτ)] dτ over the posteriors λ ~ Γ(r+x, α+T), μ ~ Γ(s, β+T).
        var prefix = Math.Log(rx) + rx * Math.Log(aT) + s * Math.Log(bT) - Math.Log(rx + s);
        var k0 = ParetoIntegral.Log(rx + 1, s, aT, bT, 0, []);
        var kt = ParetoIntegral.Log(rx + 1, s, aT, bT, t, []);
        var buy = Math.Exp(prefix + k0) * -Precise.ExpM1(kt - k0);
        return 1 - ProbabilityAlive(customer) * Math.Clamp(buy, 0, 1);
    }

    public override double ExpectedPurchasesNewCustomer(double t)
    {
        BgNbdModel.CheckHorizon(t);
        var (r, alpha, s, beta) = Parameters;
        return r / alpha * beta * RateIntegral(s - 1, Precise.LogP1(t / beta));
    }

    /// <summary>[1 − e^(−k·L)]/k, i.e. (1 − (1+t/β)^(−k))/k with L = ln(1+t/β), continuous at k = 0 (value L).</summary>
    private static double RateIntegral(double k, double logRatio) =>
        Math.Abs(k * logRatio) < 1e-10 ? logRatio * (1 - 0.5 * k * logRatio) : -Precise.ExpM1(-k * logRatio) / k;

    internal override void SampleConditionalCumulative(in CustomerSummary customer, ReadOnlySpan<double> times, Span<double> cumulative, Random rng)
    {
        if (rng.NextDouble() >= ProbabilityAlive(customer))
        {
            cumulative.Clear();
            return;
        }
        var (r, alpha, s, beta) = Parameters;
        var lambda = Gamma.Sample(rng, r + customer.X, alpha + customer.T);
        var mu = Math.Max(Gamma.Sample(rng, s, beta + customer.T), 1e-300);
        // Alive: purchases at rate λ until an exponential(μ) death, so E[X(t) | λ, μ] = λ/μ·(1 − e^(−μt)).
        for (var i = 0; i < times.Length; i++)
            cumulative[i] = lambda / mu * -Precise.ExpM1(-mu * times[i]);
    }
}
