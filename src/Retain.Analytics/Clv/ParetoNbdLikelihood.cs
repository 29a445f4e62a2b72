using MathNet.Numerics;

namespace Retain.Analytics.Clv;

/// <summary>
/// Pareto/NBD log-likelihood (Schmittlein, Morrison &amp; Colombo 1987; Fader &amp; Hardie 2005 note, eq. 19) summed over
/// customers with its analytic gradient. Per customer: ln L = lnΓ(r+x) − lnΓ(r) + r ln α + s ln β +
/// ln[E3 + s·(J(t_x) − J(T))] with E3 = (α+T)^(−(r+x))(β+T)^(−s) and J from <see cref="ParetoIntegral"/>; the bracket
/// is a signed log-sum-exp of three log-terms, so it never overflows.
/// </summary>
internal sealed class ParetoNbdLikelihood(SummaryArrays data) : ILikelihood
{
    public int Customers => data.Count;

    public ILikelihood Subsample(int stride) => new ParetoNbdLikelihood(new SummaryArrays(data, stride));

    public double Evaluate(ReadOnlySpan<double> p, Span<double> logGradient, bool parallel)
    {
        double r = p[0], alpha = p[1], s = p[2], beta = p[3];
        // Customers with t_x = 0 (all of those with x = 0) share J(0) for their x: compute it once per distinct x.
        var xs = data.DistinctX;
        var atZero = new double[xs.Length * 5];
        for (var k = 0; k < xs.Length; k++)
            atZero[5 * k] = Math.Log(s) - Math.Log(r + s + xs[k])
                + ParetoIntegral.Log(r + xs[k], s + 1, alpha, beta, 0, atZero.AsSpan(5 * k + 1, 4));
        var chunks = data.ChunkCount;
        var sums = new double[chunks * 5];
        var body = (int c) => Chunk(c, r, alpha, s, beta, atZero, sums);
        if (parallel && chunks > 1)
            Parallel.For(0, chunks, body);
        else
            for (var c = 0; c < chunks; c++)
                body(c);

        Span<double> g = stackalloc double[4];
        double ll = 0;
        for (var c = 0; c < chunks; c++)
        {
            ll += sums[5 * c];
            for (var j = 0; j < 4; j++)
                g[j] += sums[5 * c + 1 + j];
        }
        double n = data.Count, lnA = Math.Log(alpha), lnB = Math.Log(beta);
        ll += n * (r * lnA + s * lnB);
        g[0] += n * lnA;
        g[1] += n * r / alpha;
        g[2] += n * lnB;
        g[3] += n * s / beta;
        double lgR = SpecialFunctions.GammaLn(r), psiR = SpecialFunctions.DiGamma(r);
        for (var k = 0; k < data.DistinctX.Length; k++)
        {
            var x = data.DistinctX[k];
            if (x == 0)
                continue;
            ll += data.CountByX[k] * (SpecialFunctions.GammaLn(r + x) - lgR);
            g[0] += data.CountByX[k] * (SpecialFunctions.DiGamma(r + x) - psiR);
        }
        for (var j = 0; j < 4; j++)
            logGradient[j] = p[j] * g[j];
        return ll;
    }

    private void Chunk(int c, double r, double alpha, double s, double beta, double[] atZero, double[] sums)
    {
        var start = c * SummaryArrays.ChunkSize;
        var end = Math.Min(data.Count, start + SummaryArrays.ChunkSize);
        Span<double> dt = stackalloc double[4];
        Span<double> dT = stackalloc double[4];
        double ll = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0;
        var lnS = Math.Log(s);
        for (var i = start; i < end; i++)
        {
            var x = data.X[i];
            double tx = data.Tx[i], t = data.T[i], rx = r + x, a = r + s + x, lnRsx = Math.Log(a);
            double aT = alpha + t, bT = beta + t, lnAT = Math.Log(aT), lnBT = Math.Log(bT);
            var l3 = -rx * lnAT - s * lnBT;
            // At t_x = T the two integrals cancel exactly (the customer bought at T): only E3 remains.
            var hasT = t > tx;
            double lt;
            if (!hasT)
            {
                lt = double.NegativeInfinity;
            }
            else if (tx == 0)
            {
                var k = 5 * data.XIndex[i];
                lt = atZero[k];
                atZero.AsSpan(k + 1, 4).CopyTo(dt);
            }
            else
            {
                lt = lnS - lnRsx + ParetoIntegral.Log(rx, s + 1, alpha, beta, tx, dt);
            }
            var lT = hasT ? lnS - lnRsx + ParetoIntegral.Log(rx, s + 1, alpha, beta, t, dT) : double.NegativeInfinity;
            var m = Math.Max(l3, lt);
            double e3 = Math.Exp(l3 - m), et = hasT ? Math.Exp(lt - m) : 0, eT = hasT ? Math.Exp(lT - m) : 0;
            var v = e3 + et - eT;
            ll += m + Math.Log(v);
            double w3 = e3 / v, wt = et / v, wT = eT / v;
            // ∂/∂r, ∂/∂α, ∂/∂s, ∂/∂β of the three log-terms; the J terms also carry ln s − ln(r+s+x).
            g0 -= w3 * lnAT;
            g1 -= w3 * rx / aT;
            g2 -= w3 * lnBT;
            g3 -= w3 * s / bT;
            if (hasT)
            {
                g0 += wt * (dt[0] - 1 / a) - wT * (dT[0] - 1 / a);
                g1 += wt * dt[2] - wT * dT[2];
                g2 += wt * (dt[1] + 1 / s - 1 / a) - wT * (dT[1] + 1 / s - 1 / a);
                g3 += wt * dt[3] - wT * dT[3];
            }
        }
        sums[5 * c] = ll;
        sums[5 * c + 1] = g0;
        sums[5 * c + 2] = g1;
        sums[5 * c + 3] = g2;
        sums[5 * c + 4] = g3;
    }
}
