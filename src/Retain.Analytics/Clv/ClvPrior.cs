namespace Retain.Analytics.Clv;

/// <summary>
/// An optional regularising prior: independent normal distributions on the log of each parameter, centred on
/// <see cref="LogMeans"/> with standard deviation <see cref="LogSd"/>. It turns the fit into a maximum a posteriori
/// estimate, so 5 or 50 customers give finite, honestly wide answers instead of parameters running off to 0 or ∞.
/// </summary>
/// <param name="LogMeans">Prior centre of ln(parameter), in the model's parameter order; null = the model's default.</param>
/// <param name="LogSd">Standard deviation on the log scale; 2.5 lets each parameter range over about e^±5.</param>
public sealed record ClvPrior(IReadOnlyList<double>? LogMeans = null, double LogSd = 2.5)
{
    /// <summary>The default weak prior (sd 2.5 on the log scale, centred on the model's default).</summary>
    public static ClvPrior Weak { get; } = new();
}

/// <summary>Settings of a maximum-likelihood fit.</summary>
public sealed record ClvFitOptions
{
    public static ClvFitOptions Default { get; } = new();

    /// <summary>Regularising prior, or null for plain maximum likelihood.</summary>
    public ClvPrior? Prior { get; init; }

    /// <summary>Starting parameters in the model's order, or null for the data-driven default.</summary>
    public IReadOnlyList<double>? Start { get; init; }

    public int MaxIterations { get; init; } = 500;

    /// <summary>Convergence: largest |gradient of the mean log-likelihood| w.r.t. the log-parameters.</summary>
    public double GradientTolerance { get; init; } = 1e-9;

    /// <summary>Evaluate the likelihood on several cores (deterministic either way).</summary>
    public bool Parallel { get; init; } = true;
}
