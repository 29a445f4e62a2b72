using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Retain.Analytics.Recommendations;

/// <summary>Top-k selection by score, ties broken by the lower item index (item code order).</summary>
public static class TopN
{
    /// <summary>
    /// The <paramref name="k"/> best items of <paramref name="candidates"/> (or of every item when null) by
    /// <paramref name="scores"/>, skipping those <paramref name="allowed"/> rejects.
    /// </summary>
    public static int[] Select(ReadOnlySpan<float> scores, int k, ReadOnlySpan<int> candidates, Func<int, bool>? allowed = null)
    {
        var best = new int[k];
        var bestScore = new float[k];
        var n = 0;
        foreach (var item in candidates)
            Offer(item, scores[item], k, best, bestScore, ref n, allowed);
        return n == k ? best : best[..n];
    }

    public static int[] SelectAll(ReadOnlySpan<float> scores, int k, Func<int, bool>? allowed = null)
    {
        var best = new int[k];
        var bestScore = new float[k];
        var n = 0;
        for (var item = 0; item < scores.Length; item++)
            Offer(item, scores[item], k, best, bestScore, ref n, allowed);
        return n == k ? best : best[..n];
    }

    /// <summary>Items ranked by score (descending), then index: a fixed order to fill lists from.</summary>
    public static int[] Ranking(ReadOnlySpan<float> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        var copy = scores.ToArray();
        Array.Sort(order, (a, b) => copy[a] != copy[b] ? copy[b].CompareTo(copy[a]) : a.CompareTo(b));
        return order;
    }

    /// <summary>Moves the <paramref name="k"/> smallest keys to the front (quickselect) and returns them, unordered.</summary>
    internal static Span<long> Smallest(Span<long> keys, int k)
    {
        int lo = 0, hi = keys.Length - 1;
        while (lo < hi)
        {
            var pivot = keys[lo + (hi - lo) / 2];
            int a = lo, b = hi;
            while (a <= b)
            {
                while (keys[a] < pivot) a++;
                while (keys[b] > pivot) b--;
                if (a <= b)
                {
                    (keys[a], keys[b]) = (keys[b], keys[a]);
                    a++;
                    b--;
                }
            }
            if (k - 1 <= b)
                hi = b;
            else if (k - 1 >= a)
                lo = a;
            else
                break;
        }
        return keys[..k];
    }

    /// <summary>
    /// The <paramref name="k"/>-th largest of <paramref name="values"/> (1-based), by quickselect; reorders the span.
    /// </summary>
    internal static int KthLargest(Span<int> values, int k)
    {
        int lo = 0, hi = values.Length - 1, target = k - 1;
        while (lo < hi)
        {
            var pivot = values[lo + (hi - lo) / 2];
            int a = lo, b = hi;
            while (a <= b)
            {
                while (values[a] > pivot) a++;
                while (values[b] < pivot) b--;
                if (a <= b)
                {
                    (values[a], values[b]) = (values[b], values[a]);
                    a++;
                    b--;
                }
            }
            if (target <= b)
                hi = b;
            else if (target >= a)
                lo = a;
            else
                break;
        }
        return values[target];
    }

    /// <summary>Buckets of <see cref="KthLargestOfPositive"/>: a float's sign, exponent and top 3 mantissa bits.</summary>
    internal const int Buckets = 1 << 12;

    /// <summary>
    /// The <paramref name="k"/>-th largest (1-based) of the values above zero in <paramref name="values"/>, or 0 when
    /// fewer are above zero. Non-negative floats order like their bit patterns, so a histogram of the top 12 bits finds
    /// the bucket holding the k-th largest in one branch-free pass; a quickselect among that bucket's few values (into
    /// <paramref name="buffer"/>) finishes. <paramref name="histogram"/> holds <see cref="Buckets"/> counts and is left
    /// zeroed.
    /// </summary>
    internal static float KthLargestOfPositive(ReadOnlySpan<float> values, int k, Span<int> histogram, Span<int> buffer)
    {
        ref var counts = ref MemoryMarshal.GetReference(histogram[..Buckets]);
        foreach (var value in values)
            Unsafe.Add(ref counts, BitConverter.SingleToInt32Bits(value) >>> 20)++;
        // Bucket 0 holds the zeros (and nothing else a similarity can be): it is never counted.
        var above = 0;
        var bucket = Buckets - 1;
        for (; bucket > 0 && above + histogram[bucket] < k; bucket--)
            above += histogram[bucket];
        histogram.Clear();
        if (bucket == 0)
            return 0f;
        var n = 0;
        foreach (var value in values)
        {
            var bits = BitConverter.SingleToInt32Bits(value);
            if (bits >>> 20 == bucket)
                buffer[n++] = bits;
        }
        return BitConverter.Int32BitsToSingle(KthLargest(buffer[..n], k - above));
    }

    private static void Offer(int item, float score, int k, int[] best, float[] bestScore, ref int n, Func<int, bool>? allowed)
    {
        // Candidates may arrive in any order: an equal score only wins with a lower index.
        if (n == k && !Better(score, item, bestScore[k - 1], best[k - 1]))
            return;
        if (allowed is not null && !allowed(item))
            return;
        var at = n < k ? n++ : k - 1;
        while (at > 0 && Better(score, item, bestScore[at - 1], best[at - 1]))
        {
            best[at] = best[at - 1];
            bestScore[at] = bestScore[at - 1];
            at--;
        }
        best[at] = item;
        bestScore[at] = score;
    }

    private static bool Better(float score, int item, float otherScore, int other) =>
        score > otherScore || (score == otherScore && item < other);
}
