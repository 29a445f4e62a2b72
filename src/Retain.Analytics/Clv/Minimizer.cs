namespace Retain.Analytics.Clv;

/// <summary>Value and gradient of an objective at <c>theta</c>; the gradient goes into <c>gradient</c>.</summary>
internal delegate double Objective(ReadOnlySpan<double> theta, Span<double> gradient);

/// <summary>
/// A small dense BFGS minimiser for the 3–4 log-parameters of the CLV models: Armijo backtracking on a step capped in
/// length, curvature-checked updates with a reset to steepest descent when the search direction goes bad, box bounds
/// on the log scale (so a parameter can never overflow), and a Newton polish with a finite-difference Hessian of the
/// analytic gradient (which also gives the standard errors). It always returns the best point it has seen.
/// </summary>
internal static class Minimizer
{
    /// <summary>|ln θ| is kept below this: e^30 ≈ 1e13 is far outside any sensible parameter.</summary>
    public const double LogBound = 30;
    private const double MaxStep = 4;
    private const int StallIterations = 25;
    public const double RunawayBound = 20;

    internal sealed record Result(
        double[] Theta, double Value, double[] Gradient, double[,] Hessian, bool HessianPositive,
        int Iterations, int Evaluations, bool Converged, bool AtBound);

    /// <param name="inverseHessian">A starting inverse Hessian (e.g. from a fit on a subsample), or null for identity.</param>
    public static Result Minimize(Objective f, double[] start, int maxIterations, double tolerance, double[,]? inverseHessian = null)
    {
        var n = start.Length;
        var x = start.Select(Clamp).ToArray();
        var g = new double[n];
        var evals = 1;
        var fx = f(x, g);
        if (!double.IsFinite(fx) || !g.All(double.IsFinite))
            throw new ArgumentException("the log-likelihood is not finite at the starting parameters; pass other starting values");

        var h = inverseHessian is null ? Identity(n) : (double[,])inverseHessian.Clone();
        var fresh = inverseHessian is null;
        var iterations = 0;
        var xn = new double[n];
        var gn = new double[n];
        var d = new double[n];
        double fn;
        var stalled = 0;
        while (iterations < maxIterations && NormInf(g) > tolerance && stalled < StallIterations)
        {
            iterations++;
            for (var i = 0; i < n; i++)
            {
                d[i] = 0;
                for (var j = 0; j < n; j++)
                    d[i] -= h[i, j] * g[j];
            }
            if (Dot(d, g) >= 0)
            {
                h = Identity(n);
                fresh = true;
                for (var i = 0; i < n; i++)
                    d[i] = -g[i];
            }
            var len = NormInf(d);
            if (len > MaxStep)
                for (var i = 0; i < n; i++)
                    d[i] *= MaxStep / len;

            var accepted = false;
            fn = double.NaN;
            for (double step = 1; step > 1e-10; step *= 0.5)
            {
                for (var i = 0; i < n; i++)
                    xn[i] = Clamp(x[i] + step * d[i]);
                fn = f(xn, gn);
                evals++;
                var slope = 0.0;
                for (var i = 0; i < n; i++)
                    slope += g[i] * (xn[i] - x[i]);
                // Near the optimum the decrease drowns in rounding; accept a flat step if it shrinks the gradient.
                if (double.IsFinite(fn) && gn.All(double.IsFinite) &&
                    (fn <= fx + 1e-4 * slope || (fn <= fx + 1e-13 * Math.Abs(fx) && NormInf(gn) < NormInf(g))))
                {
                    accepted = true;
                    break;
                }
            }
            if (!accepted)
            {
                if (fresh)
                    break; // even steepest descent cannot improve: we are at the optimum to machine precision
                h = Identity(n);
                fresh = true;
                continue;
            }

            var s = new double[n];
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                s[i] = xn[i] - x[i];
                y[i] = gn[i] - g[i];
            }
            var sy = Dot(s, y);
            if (sy > 1e-12 * Math.Sqrt(Dot(s, s) * Dot(y, y)))
            {
                if (fresh)
                {
                    var scale = sy / Dot(y, y);
                    h = Identity(n);
                    for (var i = 0; i < n; i++)
                        h[i, i] = scale;
                }
                BfgsUpdate(h, s, y, sy);
                fresh = false;
            }
            // A parameter running off to 0 or ∞ (data that cannot identify it) creeps along a flat ridge: stop.
            stalled = fx - fn <= 1e-12 * (1 + Math.Abs(fx)) ? stalled + 1 : 0;
            Array.Copy(xn, x, n);
            Array.Copy(gn, g, n);
            fx = fn;
        }

        // Newton polish with one Hessian (it also gives the standard errors): from where BFGS stopped the gradient is
        // tiny, so a step or two with a fixed Hessian converges; the Hessian is recomputed only if we moved.
        var hess = Hessian(f, x, g, ref evals);
        var moved = false;
        for (var round = 0; round < 3 && NormInf(g) > tolerance * 1e-2; round++)
        {
            if (!Linear.TrySolvePositive(hess, g, d))
                break;
            for (var i = 0; i < n; i++)
                xn[i] = Clamp(x[i] - d[i]);
            fn = f(xn, gn);
            evals++;
            if (!double.IsFinite(fn) || !(NormInf(gn) < NormInf(g)) || fn > fx + 1e-12 * Math.Abs(fx))
                break;
            Array.Copy(xn, x, n);
            Array.Copy(gn, g, n);
            fx = fn;
            iterations++;
            moved = true;
        }
        if (moved && NormInf(g) > tolerance)
            hess = Hessian(f, x, g, ref evals);

        var positive = Linear.IsPositiveDefinite(hess);
        // e^±20 (5e-9 … 5e8) is already past any parameter real data pin down: treat it as running off.
        var atBound = x.Any(v => Math.Abs(v) >= RunawayBound);
        var converged = !atBound && positive && NormInf(g) <= Math.Max(tolerance, 1e-7);
        return new Result(x, fx, g, hess, positive, iterations, evals, converged, atBound);
    }

    /// <summary>
    /// Forward differences of the analytic gradient, symmetrised: n gradient evaluations (on a million customers each
    /// costs as much as a BFGS iteration). The O(h) error, ~1e-5 relative, is far below what standard errors need.
    /// </summary>
    public static double[,] Hessian(Objective f, double[] x, double[] g, ref int evals)
    {
        const double step = 1e-5;
        var n = x.Length;
        var hess = new double[n, n];
        var xp = new double[n];
        var gp = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Copy(x, xp, n);
            xp[j] = x[j] + step;
            f(xp, gp);
            evals++;
            for (var i = 0; i < n; i++)
                hess[i, j] = (gp[i] - g[i]) / step;
        }
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++)
                hess[i, j] = hess[j, i] = 0.5 * (hess[i, j] + hess[j, i]);
        return hess;
    }

    private static void BfgsUpdate(double[,] h, double[] s, double[] y, double sy)
    {
        var n = s.Length;
        var hy = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                hy[i] += h[i, j] * y[j];
        var yhy = Dot(y, hy);
        var rho = 1 / sy;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                h[i, j] += rho * ((1 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
    }

    private static double Clamp(double v) => double.IsNaN(v) ? 0 : Math.Clamp(v, -LogBound, LogBound);

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
            m[i, i] = 1;
        return m;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }

    internal static double NormInf(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (var e in v)
            m = Math.Max(m, Math.Abs(e));
        return double.IsNaN(m) ? double.PositiveInfinity : m;
    }
}
