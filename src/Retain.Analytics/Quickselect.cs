using System.Numerics;

namespace Retain.Analytics;

/// <summary>Selection without sorting: what the revenue concentration and the recommenders' top-k cuts share.</summary>
internal static class Quickselect
{
    /// <summary>
    /// Rearranges <paramref name="values"/> so that <c>values[index]</c> holds what an ascending sort would put there,
    /// nothing larger before it and nothing smaller after it (quickselect with a median-of-three pivot, O(n) on average).
    /// </summary>
    public static void Partition<T>(Span<T> values, int index) where T : IComparisonOperators<T, T, bool>
    {
        if (index < 0 || index >= values.Length)
            return;
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = MedianOfThree(values[lo], values[lo + (hi - lo) / 2], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                    i++;
                while (values[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // Now values[lo..j] ≤ pivot ≤ values[i..hi], and anything between equals the pivot.
            if (index <= j)
                hi = j;
            else if (index >= i)
                lo = i;
            else
                return;
        }
    }

    private static T MedianOfThree<T>(T a, T b, T c) where T : IComparisonOperators<T, T, bool> =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}
