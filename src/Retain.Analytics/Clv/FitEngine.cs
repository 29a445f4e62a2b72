namespace Retain.Analytics.Clv;

/// <summary>A model's log-likelihood as a sum over customers.</summary>
internal interface ILikelihood
{
    int Customers { get; }

    /// <summary>Σ log-likelihood at <paramref name="parameters"/>; fills d(Σ LL)/d(ln θ) into <paramref name="logGradient"/>.</summary>
    double Evaluate(ReadOnlySpan<double> parameters, Span<double> logGradient, bool parallel);

    /// <summary>The likelihood of every <paramref name="stride"/>-th customer.</summary>
    ILikelihood Subsample(int stride);
}

/// <summary>Fits any <see cref="ILikelihood"/> on the log scale, with an optional prior, and packages the result.</summary>
internal static class FitEngine
{
    private const int WarmStartSize = 50_000;

    public static (double[] Parameters, FitDiagnostics Diagnostics) Fit(
        ILikelihood likelihood, double[] defaultStart, double[] defaultPriorCentre, ClvFitOptions? options)
    {
        options ??= ClvFitOptions.Default;
        var k = defaultStart.Length;
        var n = Math.Max(1, likelihood.Customers);
        var start = options.Start?.ToArray() ?? defaultStart;
        if (start.Length != k || start.Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException($"starting values must be {k} positive finite numbers");
        var prior = options.Prior;
        var centre = prior?.LogMeans?.ToArray() ?? defaultPriorCentre;
        if (prior is not null && (centre.Length != k || !(prior.LogSd > 0)))
            throw new ArgumentException($"the prior needs {k} log-means and a positive sd");

        var natural = new double[k];
        Objective objective = (theta, grad) =>
        {
            for (var i = 0; i < k; i++)
                natural[i] = Math.Exp(theta[i]);
            var ll = likelihood.Evaluate(natural, grad, options.Parallel);
            for (var i = 0; i < k; i++)
                grad[i] = -grad[i] / n;
            var value = -ll / n;
            if (prior is not null)
            {
                var v = prior.LogSd * prior.LogSd;
                for (var i = 0; i < k; i++)
                {
                    var z = theta[i] - centre[i];
                    value += 0.5 * z * z / v / n;
                    grad[i] += z / v / n;
                }
            }
            return value;
        };

        var logStart = start.Select(v => Math.Log(v)).ToArray();
        double[,]? inverseHessian = null;
        // Large data: find the optimum on a 1-in-k subsample first. The objective is a mean, so the subsample's
        // optimum and curvature are already close, and the full fit needs a handful of iterations instead of ~25.
        if (options.Start is null && likelihood.Customers > 2 * WarmStartSize)
        {
            var warm = Fit(likelihood.Subsample(likelihood.Customers / WarmStartSize), defaultStart, defaultPriorCentre, options);
            if (warm.Diagnostics.Converged)
            {
                logStart = warm.Parameters.Select(v => Math.Log(v)).ToArray();
                var hess = new double[k, k];
                for (var i = 0; i < k; i++)
                    for (var j = 0; j < k; j++)
                        hess[i, j] = warm.Diagnostics.LogCovariance[i, j] * warm.Diagnostics.Customers;
                inverseHessian = hess;
            }
        }
        var result = Minimizer.Minimize(objective, logStart, options.MaxIterations, options.GradientTolerance, inverseHessian);
        var parameters = result.Theta.Select(v => Math.Exp(v)).ToArray();
        var llFinal = likelihood.Evaluate(parameters, new double[k], options.Parallel);

        var totalHessian = new double[k, k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
                totalHessian[i, j] = result.Hessian[i, j] * n;
        var cov = Linear.InversePositive(totalHessian);
        var se = new double[k];
        for (var i = 0; i < k; i++)
            se[i] = parameters[i] * Math.Sqrt(cov[i, i]);

        string? warning = null;
        if (result.AtBound)
            warning = "a parameter ran off beyond e^±20: the data cannot identify it; fit with a prior (ClvPrior.Weak)";
        else if (!result.HessianPositive)
            warning = "the Hessian is not positive definite: the data hardly inform some parameter; fit with a prior";
        else if (!result.Converged)
            warning = $"the optimiser stopped after {result.Iterations} iterations with gradient {Minimizer.NormInf(result.Gradient):G3}";

        var diagnostics = new FitDiagnostics(
            llFinal, result.Iterations, result.Evaluations, result.Converged, Minimizer.NormInf(result.Gradient),
            se, cov, likelihood.Customers, warning);
        return (parameters, diagnostics);
    }
}
