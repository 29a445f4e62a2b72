using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Retain.Analytics.Recommendations;

/// <summary>How co-occurrence counts become similarity (SAR's choices).</summary>
public enum SimilarityKind
{
    /// <summary>C_ij, the number of rows holding both items.</summary>
    CoOccurrence,
    /// <summary>C_ij / (C_ii + C_jj − C_ij).</summary>
    Jaccard,
    /// <summary>C_ij / (C_ii · C_jj): favours rare items that go together.</summary>
    Lift,
    /// <summary>C_ij / √(C_ii · C_jj).</summary>
    Cosine,
}

/// <summary>
/// Item-to-item similarity from co-occurrence in rows of a binary matrix (users: bought by the same customers; baskets:
/// bought together). Each item keeps its strongest neighbours (by similarity, ties to the lower item index) in compressed
/// rows, in ascending item order.
/// </summary>
public sealed class ItemSimilarity
{
    public required int[] Start { get; init; }
    public required int[] Neighbor { get; init; }
    public required float[] Value { get; init; }
    /// <summary>C_ii: rows holding the item.</summary>
    public required int[] Support { get; init; }

    public int Items => Start.Length - 1;

    public ReadOnlySpan<int> Neighbors(int item) => Neighbor.AsSpan(Start[item], Start[item + 1] - Start[item]);
    public ReadOnlySpan<float> Values(int item) => Value.AsSpan(Start[item], Start[item + 1] - Start[item]);

    /// <summary>
    /// Counts co-occurrence item by item (one scratch row per worker) and keeps at most <paramref name="maxNeighbors"/>
    /// per item with at least <paramref name="minTogether"/> rows in common. The item itself is kept when
    /// <paramref name="includeSelf"/> (SAR scores seen items with J_ii = 1).
    /// </summary>
    public static ItemSimilarity Build(SparseRows rows, SimilarityKind kind, int maxNeighbors, bool includeSelf = false, int minTogether = 1)
    {
        var items = rows.Columns;
        var byItem = rows.Transpose();
        var support = new int[items];
        for (var i = 0; i < items; i++)
            support[i] = byItem.Start[i + 1] - byItem.Start[i];
        var lists = new (int[] Neighbor, float[] Value)[items];
        Parallel.For(0, items, () => new Scratch(items), (i, _, scratch) =>
        {
            lists[i] = Neighbours(i, rows, byItem, support, kind, maxNeighbors, includeSelf, minTogether, scratch);
            return scratch;
        }, _ => { });

        var start = new int[items + 1];
        for (var i = 0; i < items; i++)
            start[i + 1] = start[i] + lists[i].Neighbor.Length;
        var neighbor = new int[start[items]];
        var value = new float[start[items]];
        for (var i = 0; i < items; i++)
        {
            lists[i].Neighbor.CopyTo(neighbor, start[i]);
            lists[i].Value.CopyTo(value, start[i]);
        }
        return new ItemSimilarity { Start = start, Neighbor = neighbor, Value = value, Support = support };
    }

    private static (int[], float[]) Neighbours(int i, SparseRows rows, SparseRows byItem, int[] support,
        SimilarityKind kind, int maxNeighbors, bool includeSelf, int minTogether, Scratch scratch)
    {
        var start = rows.Start;
        long increments = 0;
        foreach (var r in byItem.Row(i))
            increments += start[r + 1] - start[r];
        // A neighbourhood touching a good part of the catalogue is counted without tracking which items it touched and
        // read back with whole-row passes; a narrow one (large catalogues) tracks them.
        return increments * 4 >= support.Length
            ? Wide(i, rows, byItem, support, kind, maxNeighbors, includeSelf, minTogether, scratch)
            : Narrow(i, rows, byItem, support, kind, maxNeighbors, includeSelf, minTogether, scratch);
    }

    /// <summary>
    /// Counts into the whole-catalogue count row (branch-free), turns it into similarities in one pass (vectorised for
    /// Jaccard), cuts it at the max-th largest value (<see cref="TopN.CutOf"/>, ties kept from the lowest item up) and
    /// reads the kept neighbours off in item order.
    /// </summary>
    private static (int[], float[]) Wide(int i, SparseRows rows, SparseRows byItem, int[] support,
        SimilarityKind kind, int maxNeighbors, bool includeSelf, int minTogether, Scratch scratch)
    {
        var count = scratch.Count;
        ref var counts = ref MemoryMarshal.GetArrayDataReference(count);
        var column = rows.Column;
        var start = rows.Start;
        foreach (var r in byItem.Row(i))
        {
            foreach (var j in column.AsSpan(start[r], start[r + 1] - start[r]))
                Unsafe.Add(ref counts, j)++;
        }
        var values = scratch.Values;
        Similarities(kind, count, support, support[i], minTogether, values);
        values[i] = includeSelf && support[i] > 0 ? Similarity(kind, support[i], support[i], support[i]) : 0f;
        var (cut, _, above) = TopN.CutOf(values, maxNeighbors, scratch.Histogram, scratch.Bits);
        // Read off branch-free into the scratch (a kept entry advances the write position), then copied out.
        var ties = maxNeighbors - above;
        var keptItems = scratch.Items;
        var keptValues = scratch.Kept;
        var at = 0;
        for (var j = 0; j < values.Length; j++)
        {
            var v = values[j];
            var tie = v == cut && v != 0 && ties > 0;
            ties -= tie ? 1 : 0;
            keptItems[at] = j;
            keptValues[at] = v;
            at += v > cut || tie ? 1 : 0;
        }
        return (keptItems[..at], keptValues[..at]);
    }

    /// <summary>
    /// Each item's similarity to <paramref name="item"/>'s row from the co-occurrence counts (0 below
    /// <paramref name="minTogether"/>), zeroing the counts for the next row. The vector path computes exactly what
    /// <see cref="Similarity"/> does, lane by lane.
    /// </summary>
    private static void Similarities(SimilarityKind kind, int[] count, int[] support, int supportI, int minTogether, float[] values)
    {
        var j = 0;
        if (kind == SimilarityKind.Jaccard && Vector.IsHardwareAccelerated)
        {
            var width = Vector<int>.Count;
            var si = new Vector<int>(supportI);
            var min = new Vector<int>(Math.Max(1, minTogether));
            for (; j <= count.Length - width; j += width)
            {
                var together = new Vector<int>(count.AsSpan(j));
                var jaccard = Vector.ConvertToSingle(together) / Vector.ConvertToSingle(si + new Vector<int>(support.AsSpan(j)) - together);
                Vector.ConditionalSelect(Vector.AsVectorSingle(Vector.GreaterThanOrEqual(together, min)), jaccard, Vector<float>.Zero)
                    .CopyTo(values.AsSpan(j));
                Vector<int>.Zero.CopyTo(count.AsSpan(j));
            }
        }
        for (; j < count.Length; j++)
        {
            var together = count[j];
            values[j] = together > 0 && together >= minTogether ? Similarity(kind, together, supportI, support[j]) : 0f;
            count[j] = 0;
        }
    }

    /// <summary>The neighbourhood of an item bought with few others: the touched items tracked, sorted and cut by key.</summary>
    private static (int[], float[]) Narrow(int i, SparseRows rows, SparseRows byItem, int[] support,
        SimilarityKind kind, int maxNeighbors, bool includeSelf, int minTogether, Scratch scratch)
    {
        var count = scratch.Count;
        var touched = scratch.Touched;
        touched.Clear();
        var column = rows.Column;
        var start = rows.Start;
        foreach (var r in byItem.Row(i))
        {
            foreach (var j in column.AsSpan(start[r], start[r + 1] - start[r]))
            {
                if (count[j]++ == 0)
                    touched.Add(j);
            }
        }
        touched.Sort();
        var keys = scratch.Keys;
        keys.Clear();
        foreach (var j in touched)
        {
            if (j == i ? includeSelf : count[j] >= minTogether)
                keys.Add(Key(Similarity(kind, count[j], support[i], support[j]), j));
        }
        var span = CollectionsMarshal.AsSpan(keys);
        var cut = Cut(span, maxNeighbors, scratch.Select);
        var kept = 0;
        foreach (var key in span)
            kept += key <= cut ? 1 : 0;
        var n = new int[kept];
        var v = new float[kept];
        var at = 0;
        foreach (var key in span)
        {
            if (key > cut)
                continue;
            n[at] = (int)(key & 0xFFFFFFFF);
            v[at++] = ValueOf(key);
        }
        foreach (var j in touched)
            count[j] = 0;
        return (n, v);
    }

    /// <summary>
    /// The largest key kept when only the <paramref name="max"/> smallest are (long.MaxValue keeps all). Key =
    /// (inverted similarity bits, item): ascending keys are strongest first, ties by item index, so the kept set never
    /// depends on thread timing. Similarities are non-negative, so their bit patterns order like the values.
    /// </summary>
    private static long Cut(ReadOnlySpan<long> keys, int max, long[] buffer)
    {
        if (keys.Length <= max)
            return long.MaxValue;
        var copy = buffer.AsSpan(0, keys.Length);
        keys.CopyTo(copy);
        var cut = long.MinValue;
        foreach (var key in TopN.Smallest(copy, max))
            cut = Math.Max(cut, key);
        return cut;
    }

    private static long Key(float value, int item) => ((long)(int.MaxValue - BitConverter.SingleToInt32Bits(value)) << 32) | (uint)item;

    private static float ValueOf(long key) => BitConverter.Int32BitsToSingle(int.MaxValue - (int)(key >> 32));

    /// <summary>
    /// The <paramref name="k"/> strongest neighbours of <paramref name="item"/> that <paramref name="allowed"/> accepts,
    /// strongest first, ties by item index.
    /// </summary>
    public (int Item, float Value)[] Strongest(int item, int k, Func<int, bool>? allowed = null)
    {
        var neighbors = Neighbors(item);
        var keys = new List<long>(neighbors.Length);
        var values = Values(item);
        for (var m = 0; m < neighbors.Length; m++)
        {
            if (allowed is null || allowed(neighbors[m]))
                keys.Add(Key(values[m], neighbors[m]));
        }
        keys.Sort();
        return [.. keys.Take(k).Select(key => ((int)(key & 0xFFFFFFFF), ValueOf(key)))];
    }

    public static float Similarity(SimilarityKind kind, int together, int supportI, int supportJ) => kind switch
    {
        SimilarityKind.CoOccurrence => together,
        SimilarityKind.Jaccard => together / (float)(supportI + supportJ - together),
        SimilarityKind.Lift => together / ((float)supportI * supportJ),
        _ => together / MathF.Sqrt((float)supportI * supportJ),
    };

    private sealed class Scratch(int items)
    {
        public readonly int[] Count = new int[items];
        public readonly float[] Values = new float[items];
        public readonly int[] Histogram = new int[TopN.HistogramLength];
        public readonly int[] Items = new int[items + 1];
        public readonly float[] Kept = new float[items + 1];
        public readonly int[] Bits = new int[items];
        public readonly List<int> Touched = new(1024);
        public readonly List<long> Keys = new(1024);
        public readonly long[] Select = new long[items];
    }
}
