namespace Retain.Analytics.Clv;

/// <summary>
/// Gauss hypergeometric function ₂F₁(a, b; c; z) for the arguments the BG/NBD predictions produce: a, b &gt; 0,
/// 0 ≤ z &lt; 1 and any real c that is not 0, −1, −2, … (c = a+b+x−1 can be negative when a+b &lt; 1). Summed directly:
/// once n &gt; −c every term has the same sign, so there is no cancellation in the tail, and the sum is kept in
/// log form with rescaling so a huge hump of terms (large x) cannot overflow. It stops when the geometric tail bound
/// term·ρ/(1−ρ) (ρ = max(current term ratio, z), which bounds all later ratios) falls below 1e-17 of the sum, so the
/// cost grows like 1/(1−z): about 40 terms at z = 0.5 and 4,000 at z = 0.99.
/// </summary>
internal static class Hypergeometric
{
    public const int MaxTerms = 10_000_000;

    /// <summary>ln|₂F₁(a, b; c; z)| and its sign.</summary>
    public static (double LogAbs, int Sign) Log2F1(double a, double b, double c, double z)
    {
        if (!(z >= 0 && z < 1) || !(a > 0 && b > 0) || !double.IsFinite(c))
            throw new ArgumentOutOfRangeException(nameof(z), $"2F1({a}, {b}; {c}; {z}) is outside 0 ≤ z < 1, a, b > 0");
        if (z == 0)
            return (0, 1);
        if (c <= 0 && c == Math.Floor(c))
            c += 1e-9 * Math.Max(1, -c); // a pole of ₂F₁; the models' expressions are continuous through it
        double term = 1, sum = 1, logScale = 0;
        for (var n = 0; n < MaxTerms; n++)
        {
            var ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (Math.Abs(sum) > 1e250 || Math.Abs(term) > 1e250)
            {
                sum *= 1e-250;
                term *= 1e-250;
                logScale += 250 * Math.Log(10);
            }
            var bound = Math.Max(ratio, z);
            if (c + n > 0 && bound < 1 && Math.Abs(term) * bound / (1 - bound) < 1e-17 * Math.Abs(sum))
                break;
        }
        return (Math.Log(Math.Abs(sum)) + logScale, Math.Sign(sum));
    }
}
