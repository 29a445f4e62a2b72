namespace Retain.Analytics.Clv;

/// <summary>
/// Gauss hypergeometric function for the arguments the CLV models produce: a, b, c &gt; 0 and 0 ≤ z &lt; 1. All terms
/// of the series are then positive, so summing it directly has no cancellation; the sum is kept in log form with
/// rescaling, so a huge hump of terms (large x) cannot overflow. It stops when the geometric tail bound
/// term·ρ/(1−ρ) (ρ = current term ratio, which tends to z) falls below 1e-17 of the sum, so the cost grows like
/// 1/(1−z): about 40 terms at z = 0.5 and 4,000 at z = 0.99.
/// </summary>
internal static class Hypergeometric
{
    public const int MaxTerms = 1_000_000;

    /// <summary>ln ₂F₁(a, b; c; z).</summary>
    public static double Log2F1(double a, double b, double c, double z)
    {
        if (!(z >= 0 && z < 1) || !(a > 0 && b > 0 && c > 0))
            throw new ArgumentOutOfRangeException(nameof(z), $"2F1({a}, {b}; {c}; {z}) is outside 0 ≤ z < 1, a, b, c > 0");
        if (z == 0)
            return 0;
        double term = 1, sum = 1, logScale = 0;
        for (var n = 0; n < MaxTerms; n++)
        {
            var ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (sum > 1e250)
            {
                sum *= 1e-250;
                term *= 1e-250;
                logScale += 250 * Math.Log(10);
            }
            // Once the ratio is below 1 the tail is at most term·ρ'/(1−ρ'), ρ' = max(ratio, z) bounding all later ratios.
            var bound = Math.Max(ratio, z);
            if (bound < 1 && term * bound / (1 - bound) < 1e-17 * sum)
                break;
        }
        return Math.Log(sum) + logScale;
    }
}
