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
        Quickselect.Partition(keys, k - 1);
        return keys[..k];
    }

    /// <summary>The <paramref name="k"/>-th largest of <paramref name="values"/> (1-based), by quickselect; reorders the span.</summary>
    internal static int KthLargest(Span<int> values, int k)
    {
        Quickselect.Partition(values, values.Length - k);
        return values[^k];
    }

    /// <summary>
    /// Length of the histogram <see cref="CutOf"/> needs: 2,048 buckets (a non-negative float's exponent and top 3
    /// mantissa bits) in four interleaved copies, so that runs of values in one bucket do not wait on each other's
    /// increments.
    /// </summary>
    internal const int HistogramLength = 4 * Buckets;

    private const int Buckets = 1 << 11;

    /// <summary>
    /// Where to cut <paramref name="values"/> (all ≥ 0) to keep the <paramref name="k"/> largest of those above zero:
    /// the k-th largest (<c>Cut</c>, 0 when no more than k are above zero), how many are above zero and how many above the
    /// cut; the caller keeps every value above the cut and <c>k − Above</c> of those equal to it. Non-negative floats order
    /// like their bit patterns, so a histogram of the top bits finds the bucket holding the k-th largest in one
    /// branch-free pass, and a quickselect among that bucket's few values (copied into <paramref name="buffer"/>)
    /// finishes. <paramref name="histogram"/> (<see cref="HistogramLength"/>) is left zeroed.
    /// </summary>
    internal static (float Cut, int Positive, int Above) CutOf(ReadOnlySpan<float> values, int k, Span<int> histogram, Span<int> buffer)
    {
        ref var counts = ref MemoryMarshal.GetReference(histogram[..HistogramLength]);
        ref var first = ref MemoryMarshal.GetReference(values);
        var j = 0;
        for (; j + 4 <= values.Length; j += 4)
        {
            Unsafe.Add(ref counts, Bucket(Unsafe.Add(ref first, j)))++;
            Unsafe.Add(ref counts, Buckets + Bucket(Unsafe.Add(ref first, j + 1)))++;
            Unsafe.Add(ref counts, 2 * Buckets + Bucket(Unsafe.Add(ref first, j + 2)))++;
            Unsafe.Add(ref counts, 3 * Buckets + Bucket(Unsafe.Add(ref first, j + 3)))++;
        }
        for (; j < values.Length; j++)
            Unsafe.Add(ref counts, Bucket(Unsafe.Add(ref first, j)))++;
        // Bucket 0 holds the zeros (and the subnormals, which no score here can be): it never counts as above zero.
        var positive = values.Length - Count(histogram, 0);
        if (positive <= k)
        {
            histogram[..HistogramLength].Clear();
            return (0f, positive, positive);
        }
        var above = 0;
        var bucket = Buckets - 1;
        for (; above + Count(histogram, bucket) < k; bucket--)
            above += Count(histogram, bucket);
        histogram[..HistogramLength].Clear();
        var n = 0;
        foreach (var value in values)
        {
            if (Bucket(value) == bucket)
                buffer[n++] = BitConverter.SingleToInt32Bits(value);
        }
        var cutBits = KthLargest(buffer[..n], k - above);
        foreach (var bits in buffer[..n])
            above += bits > cutBits ? 1 : 0;
        return (BitConverter.Int32BitsToSingle(cutBits), positive, above);
    }

    private static int Count(ReadOnlySpan<int> histogram, int bucket) =>
        histogram[bucket] + histogram[Buckets + bucket] + histogram[2 * Buckets + bucket] + histogram[3 * Buckets + bucket];

    private static int Bucket(float value) => (BitConverter.SingleToInt32Bits(value) >>> 20) & (Buckets - 1);

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
