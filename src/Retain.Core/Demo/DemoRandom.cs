namespace Retain.Core.Demo;

/// <summary>
/// A small, fast, explicitly specified PRNG (xoshiro256** seeded by SplitMix64) with the distributions the demo shop
/// needs. Written out rather than using <see cref="Random"/> so that a seed produces the same shop on every .NET
/// version and so that every customer gets an independent stream (generation can run in parallel).
/// </summary>
internal sealed class DemoRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DemoRandom(ulong seed, ulong stream = 0)
    {
        var x = seed ^ (stream * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n) => (int)(NextDouble() * n);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Picks an index with probability proportional to <paramref name="cumulativeWeights"/> increments.</summary>
    public int PickWeighted(double[] cumulativeWeights)
    {
        var u = NextDouble() * cumulativeWeights[^1];
        var i = Array.BinarySearch(cumulativeWeights, u);
        return i >= 0 ? Math.Min(i + 1, cumulativeWeights.Length - 1) : ~i;
    }

    public double Exponential(double rate) => -Math.Log(1.0 - NextDouble()) / rate;

    public double Normal()
    {
        // Box–Muller; one value per call keeps the stream simple and reproducible.
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Gamma(shape, scale) by Marsaglia and Tsang (2000), with the shape &lt; 1 boost.</summary>
    public double Gamma(double shape, double scale)
    {
        if (shape < 1.0)
            return Gamma(shape + 1.0, scale) * Math.Pow(NextDouble() + double.Epsilon, 1.0 / shape);
        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1.0 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = NextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1.0 - v + Math.Log(v)))
                return d * v * scale;
        }
    }

    public double Beta(double a, double b)
    {
        var x = Gamma(a, 1.0);
        return x / (x + Gamma(b, 1.0));
    }

    /// <summary>Poisson by inversion; fine for the small means used here.</summary>
    public int Poisson(double mean)
    {
        var l = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > l)
        {
            k++;
            p *= NextDouble();
        }
        return k;
    }
}
