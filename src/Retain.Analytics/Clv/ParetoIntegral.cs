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
    /// <summary>Caps the work for z → 1 (one of α, β ~10⁵× the other); the sum is then a slight underestimate.</summary>
    public const int MaxTerms = 100_000;

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
        var c = p + q;

        double s = 1, sA = 0, sC = 0, sZ = 0, term = 1, hA = 0, hC = 0;
        var needD = !d.IsEmpty;
        if (z > 0)
        {
            var oneMinusZ = 1 - z;
            for (var n = 0; n < MaxTerms; n++)
            {
                var ratioNoZ = (pBig + n) / (c + n);
                var u = term * ratioNoZ; // t_{n+1}/z
                hA += 1 / (pBig + n);
                hC += 1 / (c + n);
                term = u * z;
                s += term;
                if (needD)
                {
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
}
