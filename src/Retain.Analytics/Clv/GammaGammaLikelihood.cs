using MathNet.Numerics;

namespace Retain.Analytics.Clv;

/// <summary>
/// Gamma-Gamma log-likelihood of the repeaters' mean values (Fader &amp; Hardie, "The Gamma-Gamma model of monetary
/// value", 2013), with analytic gradient. Per customer with x repeat purchases of mean m:
/// ln L = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+mx).
/// The gamma-function terms depend on x only; ln m is taken once at construction, so each evaluation costs one
/// logarithm and one division per customer.
/// </summary>
internal sealed class GammaGammaLikelihood : ILikelihood
{
    private readonly double[] _x;
    private readonly double[] _mx;
    private readonly int[] _distinctX;
    private readonly double[] _countByX;
    private readonly double _sumLnM;
    private readonly double _sumXLnM;

    public GammaGammaLikelihood(ReadOnlySpan<CustomerSummary> customers)
        : this(Columns(customers))
    {
    }

    private GammaGammaLikelihood((double[] X, double[] Mx) columns)
    {
        (_x, _mx) = columns;
        // Counts per distinct x in a flat array for the common small x, a dictionary beyond: one pass, no hashing
        // for almost every customer (the constructor was most of a 1M-customer fit before).
        const int flat = 1024;
        var small = new double[flat];
        var large = new Dictionary<int, double>();
        double sumM = 0, sumLnM = 0, sumXLnM = 0;
        for (var i = 0; i < _x.Length; i++)
        {
            var x = (int)_x[i];
            if (x < flat)
                small[x]++;
            else
                large[x] = large.GetValueOrDefault(x) + 1;
            var m = _mx[i] / x;
            var lnM = Math.Log(m);
            sumLnM += lnM;
            sumXLnM += x * lnM;
            sumM += m;
        }
        _sumLnM = sumLnM;
        _sumXLnM = sumXLnM;
        var distinct = new List<int>();
        var counts = new List<double>();
        for (var x = 1; x < flat; x++)
        {
            if (small[x] > 0)
            {
                distinct.Add(x);
                counts.Add(small[x]);
            }
        }
        foreach (var (x, count) in large.OrderBy(kv => kv.Key))
        {
            distinct.Add(x);
            counts.Add(count);
        }
        _distinctX = [.. distinct];
        _countByX = [.. counts];
        MeanValue = sumM / _x.Length;
    }

    /// <summary>x and m·x of the repeaters (x ≥ 1), checked: only x and the mean value matter to this model.</summary>
    private static (double[] X, double[] Mx) Columns(ReadOnlySpan<CustomerSummary> customers)
    {
        var n = 0;
        foreach (var c in customers)
        {
            if (c.X < 0)
                throw new ArgumentException($"invalid customer summary {c}: need X ≥ 0");
            if (c.X > 0)
                n++;
        }
        if (n == 0)
            throw new ArgumentException("the Gamma-Gamma model needs customers with at least one repeat purchase (x ≥ 1)");
        var x = new double[n];
        var mx = new double[n];
        var i = 0;
        foreach (var c in customers)
        {
            if (c.X == 0)
                continue;
            var m = c.MeanRepeatValue;
            if (!(m > 0) || !double.IsFinite(m))
                throw new ArgumentException($"mean repeat value must be positive for every repeater (repeater {i} has {m})");
            x[i] = c.X;
            mx[i] = m * c.X;
            i++;
        }
        return (x, mx);
    }

    public ILikelihood Subsample(int stride)
    {
        var n = (_x.Length + stride - 1) / stride;
        var x = new double[n];
        var mx = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = _x[i * stride];
            mx[i] = _mx[i * stride];
        }
        return new GammaGammaLikelihood((x, mx));
    }

    public int Customers => _x.Length;

    public double MeanValue { get; }

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> logGradient, bool parallel)
    {
        double p = parameters[0], q = parameters[1], g = parameters[2];
        var chunks = (_x.Length + SummaryArrays.ChunkSize - 1) / SummaryArrays.ChunkSize;
        var sums = new double[chunks * 3];
        var body = (int c) =>
        {
            var start = c * SummaryArrays.ChunkSize;
            var end = Math.Min(_x.Length, start + SummaryArrays.ChunkSize);
            double sumXL = 0, sumL = 0, sumW = 0;
            for (var i = start; i < end; i++)
            {
                var gm = g + _mx[i];
                var l = Math.Log(gm);
                sumXL += _x[i] * l;
                sumL += l;
                sumW += (p * _x[i] + q) / gm;
            }
            sums[3 * c] = sumXL;
            sums[3 * c + 1] = sumL;
            sums[3 * c + 2] = sumW;
        };
        if (parallel && chunks > 1)
            Parallel.For(0, chunks, body);
        else
            for (var c = 0; c < chunks; c++)
                body(c);
        double xl = 0, lsum = 0, w = 0;
        for (var c = 0; c < chunks; c++)
        {
            xl += sums[3 * c];
            lsum += sums[3 * c + 1];
            w += sums[3 * c + 2];
        }

        double n = _x.Length, lnG = Math.Log(g);
        var ll = p * _sumXLnM - _sumLnM - p * xl - q * lsum + n * (q * lnG - SpecialFunctions.GammaLn(q));
        var gp = _sumXLnM - xl;
        var gq = -lsum + n * (lnG - SpecialFunctions.DiGamma(q));
        var gg = n * q / g - w;
        for (var k = 0; k < _distinctX.Length; k++)
        {
            double x = _distinctX[k], cnt = _countByX[k];
            double px = p * x, lnX = Math.Log(x);
            ll += cnt * (SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) + px * lnX);
            var psi = SpecialFunctions.DiGamma(px + q);
            gp += cnt * x * (psi - SpecialFunctions.DiGamma(px) + lnX);
            gq += cnt * psi;
        }
        logGradient[0] = p * gp;
        logGradient[1] = q * gq;
        logGradient[2] = g * gg;
        return ll;
    }
}
