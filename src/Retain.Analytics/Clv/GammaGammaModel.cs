using MathNet.Numerics.Distributions;

namespace Retain.Analytics.Clv;

/// <summary>
/// Gamma-Gamma parameters: a purchase's value ~ Gamma(p, rate ν), with ν ~ Gamma(q, rate γ) across customers.
/// </summary>
public sealed record GammaGammaParameters(double P, double Q, double Gamma)
{
    public double[] ToArray() => [P, Q, Gamma];
}

/// <summary>
/// The Gamma-Gamma spend model (Fader &amp; Hardie 2013), fitted on the mean value of each customer's repeat purchases
/// (first purchase excluded) over the customers with x ≥ 1. It assumes spend is independent of purchase frequency.
/// </summary>
public sealed class GammaGammaModel
{
    public GammaGammaModel(GammaGammaParameters parameters, FitDiagnostics? diagnostics = null)
    {
        if (parameters.ToArray().Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException("Gamma-Gamma parameters must be positive and finite");
        Parameters = parameters;
        Diagnostics = diagnostics;
    }

    public GammaGammaParameters Parameters { get; }

    public FitDiagnostics? Diagnostics { get; }

    /// <summary>Fits on the customers with X ≥ 1 (others are ignored); their <c>MeanRepeatValue</c> must be positive.</summary>
    public static GammaGammaModel Fit(ReadOnlySpan<CustomerSummary> customers, ClvFitOptions? options = null)
    {
        var likelihood = new GammaGammaLikelihood(customers);
        var mean = likelihood.MeanValue;
        var (p, d) = FitEngine.Fit(likelihood, [1, 2, mean], [0, 0, Math.Log(mean)], options);
        return new GammaGammaModel(new GammaGammaParameters(p[0], p[1], p[2]), d);
    }

    /// <summary>Σ log-likelihood over the repeaters among <paramref name="customers"/>.</summary>
    public double LogLikelihood(ReadOnlySpan<CustomerSummary> customers) =>
        new GammaGammaLikelihood(customers).Evaluate(Parameters.ToArray(), new double[3], parallel: true);

    /// <summary>
    /// E[spend per purchase | x, m] = (γ + m·x)·p / (p·x + q − 1): a weighted average of the population mean
    /// pγ/(q−1) and the customer's own mean m. For x = 0 it is the population mean. Infinite when p·x + q ≤ 1
    /// (the fitted spend distribution has no mean).
    /// </summary>
    public double ConditionalExpectedAverageSpend(in CustomerSummary customer)
    {
        var (p, q, g) = Parameters;
        var x = customer.X;
        var denominator = p * x + q - 1;
        return denominator > 0 ? (g + customer.MeanRepeatValue * x) * p / denominator : double.PositiveInfinity;
    }

    /// <summary>The population mean spend per purchase, pγ/(q−1).</summary>
    public double PopulationMeanSpend => ConditionalExpectedAverageSpend(new CustomerSummary(0, 0, 0));

    internal static GammaGammaModel WithParameters(double[] parameters) =>
        new(new GammaGammaParameters(parameters[0], parameters[1], parameters[2]));

    /// <summary>A draw of the customer's own mean spend p/ν, with ν from its posterior Gamma(px+q, rate γ+m·x).</summary>
    internal double SampleMeanSpend(in CustomerSummary customer, Random rng)
    {
        var (p, q, g) = Parameters;
        var nu = Gamma.Sample(rng, p * customer.X + q, g + customer.MeanRepeatValue * customer.X);
        return p / Math.Max(nu, 1e-300);
    }
}
