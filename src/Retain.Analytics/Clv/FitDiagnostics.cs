namespace Retain.Analytics.Clv;

/// <summary>
/// How a fit went: the log-likelihood at the estimate (full sum over customers, without the prior), the optimiser's
/// iterations and likelihood evaluations, whether it converged, standard errors from the inverse Hessian
/// (delta method from the log scale), and a warning when the data do not pin the parameters down.
/// </summary>
public sealed record FitDiagnostics(
    double LogLikelihood,
    int Iterations,
    int Evaluations,
    bool Converged,
    double GradientNorm,
    IReadOnlyList<double> StandardErrors,
    double[,] LogCovariance,
    int Customers,
    string? Warning)
{
    /// <summary>True when the Hessian was invertible, i.e. every standard error is finite.</summary>
    public bool HasStandardErrors => StandardErrors.All(double.IsFinite);
}
