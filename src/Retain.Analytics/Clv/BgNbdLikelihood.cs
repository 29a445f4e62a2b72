using MathNet.Numerics;

namespace Retain.Analytics.Clv;

/// <summary>
/// BG/NBD log-likelihood (Fader, Hardie &amp; Lee 2005, eq. 6) summed over customers, with its analytic gradient.
/// Per customer: ln L = A1 + A2 + ln(e^A3 + [x&gt;0] e^A4), where A1 = lnΓ(r+x) − lnΓ(r) + r ln α,
/// A2 = ln B(a, b+x) − ln B(a, b), A3 = −(r+x) ln(α+T), A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x); the last term is a
/// two-term log-sum-exp, so nothing overflows however large x or T gets. A1 and A2 depend on x only and are summed
/// once per distinct x; the per-customer loop costs two logarithms and one exponential.
/// </summary>
internal sealed class BgNbdLikelihood(SummaryArrays data) : ILikelihood
{
    public int Customers => data.Count;

    public ILikelihood Subsample(int stride) => new BgNbdLikelihood(new SummaryArrays(data, stride));

    public double Evaluate(ReadOnlySpan<double> p, Span<double> logGradient, bool parallel)
    {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        var xs = data.DistinctX;
        var kCount = xs.Length;
        var c4 = new double[kCount];
        var invB = new double[kCount];
        for (var k = 0; k < kCount; k++)
        {
            c4[k] = xs[k] > 0 ? Math.Log(a) - Math.Log(b + xs[k] - 1) : double.NegativeInfinity;
            invB[k] = xs[k] > 0 ? 1 / (b + xs[k] - 1) : 0;
        }

        var chunks = data.ChunkCount;
        var sums = new double[chunks * 5];
        var body = (int c) => Chunk(c, r, alpha, c4, invB, sums);
        if (parallel && chunks > 1)
            Parallel.For(0, chunks, body);
        else
            for (var c = 0; c < chunks; c++)
                body(c);

        double ll = 0, gr = 0, ga = 0, w4 = 0, w4B = 0;
        for (var c = 0; c < chunks; c++)
        {
            ll += sums[5 * c];
            gr += sums[5 * c + 1];
            ga += sums[5 * c + 2];
            w4 += sums[5 * c + 3];
            w4B += sums[5 * c + 4];
        }

        // Σ over repeaters of the dropout branch's weight: ∂A4/∂a = 1/a, ∂A4/∂b = −1/(b+x−1).
        double n = data.Count, gA = w4 / a, gB = -w4B;
        var lnAlpha = Math.Log(alpha);
        ll += n * r * lnAlpha;
        gr += n * lnAlpha;
        ga += n * r / alpha;
        double lgR = SpecialFunctions.GammaLn(r), lgB = SpecialFunctions.GammaLn(b), lgAB = SpecialFunctions.GammaLn(a + b);
        double psiR = SpecialFunctions.DiGamma(r), psiB = SpecialFunctions.DiGamma(b), psiAB = SpecialFunctions.DiGamma(a + b);
        for (var k = 0; k < kCount; k++)
        {
            var x = xs[k];
            var m = data.CountByX[k];
            if (x == 0)
                continue; // A1 − r ln α and A2 vanish at x = 0
            ll += m * (SpecialFunctions.GammaLn(r + x) - lgR + lgAB + SpecialFunctions.GammaLn(b + x) - lgB
                       - SpecialFunctions.GammaLn(a + b + x));
            var psiABx = SpecialFunctions.DiGamma(a + b + x);
            gr += m * (SpecialFunctions.DiGamma(r + x) - psiR);
            gA += m * (psiAB - psiABx);
            gB += m * (psiAB + SpecialFunctions.DiGamma(b + x) - psiB - psiABx);
        }
        logGradient[0] = r * gr;
        logGradient[1] = alpha * ga;
        logGradient[2] = a * gA;
        logGradient[3] = b * gB;
        return ll;
    }

    private void Chunk(int c, double r, double alpha, double[] c4, double[] invB, double[] sums)
    {
        var start = c * SummaryArrays.ChunkSize;
        var end = Math.Min(data.Count, start + SummaryArrays.ChunkSize);
        var xArr = data.X;
        var txArr = data.Tx;
        var tArr = data.T;
        var kArr = data.XIndex;
        double ll = 0, gr = 0, ga = 0, sw4 = 0, sw4B = 0;
        for (var i = start; i < end; i++)
        {
            var x = xArr[i];
            var aT = alpha + tArr[i];
            var lT = Math.Log(aT);
            if (x == 0)
            {
                ll -= r * lT;
                gr -= lT;
                ga -= r / aT;
                continue;
            }
            var rx = r + x;
            var aTx = alpha + txArr[i];
            var lTx = Math.Log(aTx);
            var k = kArr[i];
            var l3 = -rx * lT;
            var l4 = c4[k] - rx * lTx;
            double w3, lse;
            if (l3 >= l4)
            {
                var e = Math.Exp(l4 - l3);
                lse = l3 + Math.Log(1 + e);
                w3 = 1 / (1 + e);
            }
            else
            {
                var e = Math.Exp(l3 - l4);
                lse = l4 + Math.Log(1 + e);
                w3 = e / (1 + e);
            }
            var w4 = 1 - w3;
            ll += lse;
            gr -= w3 * lT + w4 * lTx;
            ga -= rx * (w3 / aT + w4 / aTx);
            sw4 += w4;
            sw4B += w4 * invB[k];
        }
        sums[5 * c] = ll;
        sums[5 * c + 1] = gr;
        sums[5 * c + 2] = ga;
        sums[5 * c + 3] = sw4;
        sums[5 * c + 4] = sw4B;
    }
}
