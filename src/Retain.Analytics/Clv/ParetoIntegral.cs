namespace Retain.Analytics.Clv;

/// <summary>
/// K(p, q; α, β; t) = (p+q−1)·∫_t^∞ (α+τ)^(−p) (β+τ)^(−q) dτ, the integral behind every Pareto/NBD expression (the
/// likelihood's A0 term of Fader &amp; Hardie's 2005 note is (r+s+x)·[J(t_x) − J(T)] with p = r+x, q = s+1).
/// With M = max(α, β), z = |α−β|/(M+t) ∈ [0, 1) and the exponent p_M of the larger one, substituting v = 1/(M+τ) gives
/// K = (M+t)^(−p_M)·(m+t)^(1−q_m)·S, S = ₂F₁(1, p_M; p+q; z) = Σ (p_M)_n/(p+q)_n zⁿ — the Euler transform of the
/// ₂F₁(p+q−1, q_m; p+q; z) that lifetimes evaluates. Choosing the larger of α, β keeps z ≥ 0, and because p+q &gt; p_M
/// every term ratio is below z, so the series converges monotonically with no cancellation for any z &lt; 1 (the tail
/// after a term is at most term·z/(1−z)). Its derivatives in p_M, p+q and z come out of the same loop, which gives the
/// analytic gradient of the log-likelihood.
/// </summary>
internal static class ParetoIntegral
{
    /// <summary>Above this z the series needs hundreds of terms; the integral is split and partly done by quadrature.</summary>
    public const double SeriesLimit = 0.9;

    private const int MaxTerms = 10_000;
    private static readonly MathNet.Numerics.Integration.GaussLegendreRule Rule = new(-1, 1, 16);

    /// <summary>ln K; <paramref name="d"/> receives ∂ln K/∂(p, q, α, β) when it is not empty.</summary>
    public static double Log(double p, double q, double alpha, double beta, double t, Span<double> d)
    {
        var alphaMax = alpha >= beta;
        double big = alphaMax ? alpha : beta, small = alphaMax ? beta : alpha;
        double pBig = alphaMax ? p : q, qSmall = alphaMax ? q : p;
        var bt = big + t;
        var st = small + t;
        var lnBt = Math.Log(bt);
        var lnSt = Math.Log(st);
        var z = (big - small) / bt;
        if (z > SeriesLimit)
            return SplitLog(p, q, alphaMax, big, small, t, d);
        var c = p + q;

        double s = 1, sA = 0, sC = 0, sZ = 0, term = 1, hA = 0, hC = 0;
        var needD = !d.IsEmpty;
        if (z > 0)
        {
            var oneMinusZ = 1 - z;
            for (var n = 0; n < MaxTerms; n++)
            {
                var invC = 1 / (c + n);
                var u = term * (pBig + n) * invC; // t_{n+1}/z
                term = u * z;
                s += term;
                if (needD)
                {
                    hA += 1 / (pBig + n);
                    hC += invC;
                    sA += term * hA;
                    sC -= term * hC;
                    sZ += (n + 1) * u;
                }
                if (term * (n + 2) < 1e-17 * s * oneMinusZ * oneMinusZ)
                    break;
            }
        }
        else if (needD)
        {
            sZ = pBig / c;
        }

        var value = -pBig * lnBt - (qSmall - 1) * lnSt + Math.Log(s);
        if (needD)
        {
            double dBig = (sA + sC) / s, dC = sC / s, dZ = sZ / s;
            if (alphaMax)
            {
                d[0] = -lnBt + dBig;
                d[1] = -lnSt + dC;
                d[2] = -p / bt + dZ * st / (bt * bt);
                d[3] = -(q - 1) / st - dZ / bt;
            }
            else
            {
                d[0] = -lnSt + dC;
                d[1] = -lnBt + dBig;
                d[2] = -(p - 1) / st - dZ / bt;
                d[3] = -q / bt + dZ * st / (bt * bt);
            }
        }
        return value;
    }

    /// <summary>
    /// For z &gt; 0.9 (one of α, β more than ten times the other plus t): K/(p+q−1) = ∫_t^Y f + J(Y) with Y chosen so that
    /// z(Y) = 1/2, where the series is quick again; the finite part is integrated in u = ln(min(α,β)+τ), where the
    /// integrand e^((1−q_m)u)·(e^u + |α−β|)^(−p_M) is smooth and spans any ratio of α to β, by composite 16-point
    /// Gauss–Legendre on panels of width 2. The derivatives are integrated alongside (Y's own dependence cancels).
    /// </summary>
    private static double SplitLog(double p, double q, bool alphaMax, double big, double small, double t, Span<double> d)
    {
        double pBig = alphaMax ? p : q, qSmall = alphaMax ? q : p, diff = big - small;
        double alpha = alphaMax ? big : small, beta = alphaMax ? small : big;
        var needD = !d.IsEmpty;
        Span<double> dTail = stackalloc double[4];
        var lnA = Math.Log(p + q - 1);
        var lnJTail = Log(p, q, alpha, beta, big - 2 * small, needD ? dTail : []) - lnA;

        double u0 = Math.Log(small + t), u1 = Math.Log(diff);
        var panels = Math.Max(1, (int)Math.Ceiling((u1 - u0) / 2));
        var half = (u1 - u0) / panels / 2;
        var abscissas = Rule.Abscissas;
        var weights = Rule.Weights;
        var count = panels * abscissas.Length;
        var logTerm = new double[count];
        var lnAlphaTau = new double[count];
        var lnBetaTau = new double[count];
        var max = lnJTail;
        for (var k = 0; k < panels; k++)
        {
            var mid = u0 + (2 * k + 1) * half;
            for (var j = 0; j < abscissas.Length; j++)
            {
                var i = k * abscissas.Length + j;
                var u = mid + half * abscissas[j];
                var lnBigTau = Math.Log(Math.Exp(u) + diff);
                lnAlphaTau[i] = alphaMax ? lnBigTau : u;
                lnBetaTau[i] = alphaMax ? u : lnBigTau;
                logTerm[i] = (1 - qSmall) * u - pBig * lnBigTau + Math.Log(half * weights[j]);
                max = Math.Max(max, logTerm[i]);
            }
        }
        var tail = Math.Exp(lnJTail - max);
        double sum = tail, gp = 0, gq = 0, ga = 0, gb = 0;
        for (var i = 0; i < count; i++)
        {
            var w = Math.Exp(logTerm[i] - max);
            sum += w;
            if (needD)
            {
                gp -= w * lnAlphaTau[i];
                gq -= w * lnBetaTau[i];
                ga -= w * p * Math.Exp(-lnAlphaTau[i]);
                gb -= w * q * Math.Exp(-lnBetaTau[i]);
            }
        }
        if (needD)
        {
            var inv = 1 / (p + q - 1);
            d[0] = (gp + tail * (dTail[0] - inv)) / sum + inv;
            d[1] = (gq + tail * (dTail[1] - inv)) / sum + inv;
            d[2] = (ga + tail * dTail[2]) / sum;
            d[3] = (gb + tail * dTail[3]) / sum;
        }
        return lnA + max + Math.Log(sum);
    }
}
