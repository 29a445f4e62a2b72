namespace Retain.Analytics.Measure;

/// <summary>
/// Quantile binning as pandas <c>qcut(x, 5)</c> does it: edges are linearly interpolated quantiles at 0, .2 … 1
/// (numpy's "linear" method), bins are right-closed and the lowest value belongs to the first bin.
/// </summary>
internal static class Quintiles
{
    public static double[] Edges(double[] values, int bins = 5)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var edges = new double[bins + 1];
        if (sorted.Length == 0)
            return edges;
        var step = 1.0 / bins;
        for (var i = 0; i <= bins; i++)
        {
            // i * step reproduces numpy.linspace's 0.6000000000000001, so edges agree to the last bit.
            var position = (i == bins ? 1.0 : i * step) * (sorted.Length - 1);
            var lo = (int)Math.Floor(position);
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            edges[i] = Lerp(sorted[lo], sorted[hi], position - lo);
        }
        return edges;
    }

    /// <summary>numpy's lerp: from the nearer end, so t = 1 gives exactly b.</summary>
    private static double Lerp(double a, double b, double t)
    {
        var diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /// <summary>The 1-based bin of <paramref name="value"/>: the first i with value ≤ edges[i] (lowest included).</summary>
    public static int Bin(double value, double[] edges)
    {
        for (var i = 1; i < edges.Length - 1; i++)
        {
            if (value <= edges[i])
                return i;
        }
        return edges.Length - 1;
    }
}
