using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Retain.Analytics.Recommendations;

/// <summary>The "customers like you" signal: the recent purchases of the customers whose purchases overlap most.</summary>
public sealed partial class Recommender
{
    /// <summary>
    /// Finds the customers whose purchases overlap this one's most (cosine) and adds their recent, decayed purchases,
    /// weighted by similarity, strongest customer first; returns the largest score for scaling.
    /// </summary>
    private float SpreadNeighbors(RecommenderScratch scratch, int user)
    {
        var overlap = scratch.Overlap;
        var mine = Train.Purchased.Row(user);
        long sampled = 0;
        ref var counts = ref MemoryMarshal.GetArrayDataReference(overlap);
        foreach (var item in mine)
        {
            var buyers = Buyers.Row(item);
            // Very popular items say little about taste and cost the most: look at an even sample of their buyers.
            var step = Math.Max(1, buyers.Length / Options.MaxBuyersPerItem);
            for (var b = 0; b < buyers.Length; b += step)
                Unsafe.Add(ref counts, buyers[b])++;
            sampled += (buyers.Length + step - 1) / step;
        }
        overlap[user] = 0;
        Span<long> span;
        if (sampled * 4 >= Train.Users)
            span = StrongestOfAll(scratch, overlap, mine.Length);
        else
        {
            var others = scratch.Others;
            others.Clear();
            foreach (var item in mine)
            {
                var buyers = Buyers.Row(item);
                var step = Math.Max(1, buyers.Length / Options.MaxBuyersPerItem);
                for (var b = 0; b < buyers.Length; b += step)
                {
                    // Negative marks a customer already listed; the counts are restored below.
                    var v = buyers[b];
                    if (overlap[v] > 0)
                    {
                        others.Add(v);
                        overlap[v] = -overlap[v];
                    }
                }
            }
            foreach (var v in others)
                overlap[v] = -overlap[v];
            span = Strongest(scratch, others, overlap, mine.Length);
        }
        // A fixed order (strongest first), so the sums never depend on how the customers were found.
        span.Sort();
        var max = 0f;
        foreach (var key in span)
        {
            var v = (int)(key & 0xFFFFFFFF);
            var similarity = BitConverter.Int32BitsToSingle(int.MaxValue - (int)(key >> 32));
            var start = Train.Purchased.Start[v];
            var items = Train.Purchased.Row(v);
            for (var n = 0; n < items.Length; n++)
            {
                scratch.Add(items[n]);
                var score = scratch.Neighbors[items[n]] += similarity * Train.Decayed[start + n];
                max = Math.Max(max, score);
            }
        }
        return max;
    }

    /// <summary>
    /// The <see cref="RecommenderOptions.SimilarCustomers"/> customers most similar to this one (cosine, ties to the lower
    /// customer) among <paramref name="others"/>, as keys (inverted similarity bits, customer), unordered; resets their
    /// overlap counts. The exact cosine, overlap / √(length · size) in double, is computed only for the customers whose
    /// cheap float score overlap × (1 / √size) is within 1e-4 of the k-th best cheap score: the two differ by a few float
    /// roundings (~1e-7), so every customer of the exact top k is among them and the result is the exact one.
    /// </summary>
    private Span<long> Strongest(RecommenderScratch scratch, List<int> others, int[] overlap, int length)
    {
        var found = CollectionsMarshal.AsSpan(others);
        var cheap = scratch.Cheap.AsSpan(0, found.Length);
        for (var n = 0; n < found.Length; n++)
            cheap[n] = overlap[found[n]] * _inverseRootSize[found[n]];
        var threshold = Threshold(scratch, cheap);
        var keys = scratch.Keys;
        keys.Clear();
        for (var n = 0; n < found.Length; n++)
        {
            if (cheap[n] >= threshold)
                keys.Add(Key(found[n], overlap[found[n]], length));
            overlap[found[n]] = 0;
        }
        return Best(keys);
    }

    /// <summary><see cref="Strongest"/> when most customers were met: every customer's cheap score a vector at a time.</summary>
    private Span<long> StrongestOfAll(RecommenderScratch scratch, int[] overlap, int length)
    {
        var cheap = scratch.Cheap.AsSpan(0, overlap.Length);
        var v = 0;
        for (; v <= overlap.Length - Vector<int>.Count; v += Vector<int>.Count)
            (Vector.ConvertToSingle(new Vector<int>(overlap.AsSpan(v))) * new Vector<float>(_inverseRootSize.AsSpan(v))).CopyTo(cheap[v..]);
        for (; v < overlap.Length; v++)
            cheap[v] = overlap[v] * _inverseRootSize[v];
        var threshold = Threshold(scratch, cheap);
        var keys = scratch.Keys;
        keys.Clear();
        for (v = 0; v < overlap.Length; v++)
        {
            if (cheap[v] >= threshold && cheap[v] > 0)
                keys.Add(Key(v, overlap[v], length));
        }
        Array.Clear(overlap);
        return Best(keys);
    }

    /// <summary>Cheap scores at or above this may be in the top k (zero: all of those above zero are, there being no more).</summary>
    private float Threshold(RecommenderScratch scratch, ReadOnlySpan<float> cheap) =>
        TopN.CutOf(cheap, Options.SimilarCustomers, scratch.Histogram, scratch.Bits).Cut * (1 - 1e-4f);

    /// <summary>Strongest first, ties by customer index: the same key trick as item similarity.</summary>
    private long Key(int v, int overlap, int length)
    {
        var size = Train.Purchased.Start[v + 1] - Train.Purchased.Start[v];
        var similarity = (float)(overlap / Math.Sqrt((double)length * size));
        return ((long)(int.MaxValue - BitConverter.SingleToInt32Bits(similarity)) << 32) | (uint)v;
    }

    private Span<long> Best(List<long> keys)
    {
        var span = CollectionsMarshal.AsSpan(keys);
        return span.Length > Options.SimilarCustomers ? TopN.Smallest(span, Options.SimilarCustomers) : span;
    }
}
