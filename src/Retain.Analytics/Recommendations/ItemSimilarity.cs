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
/// bought together). Each item keeps its strongest neighbours, by similarity and then item index, in compressed rows.
/// </summary>
public sealed class ItemSimilarity
{
    public required int[] Start { get; init; }
    public required int[] Neighbor { get; init; }
    public required float[] Value { get; init; }
    /// <summary>Co-occurrence count behind each value.</summary>
    public required int[] Together { get; init; }
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
        var lists = new (int[] Neighbor, float[] Value, int[] Together)[items];
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
        var together = new int[start[items]];
        for (var i = 0; i < items; i++)
        {
            lists[i].Neighbor.CopyTo(neighbor, start[i]);
            lists[i].Value.CopyTo(value, start[i]);
            lists[i].Together.CopyTo(together, start[i]);
        }
        return new ItemSimilarity { Start = start, Neighbor = neighbor, Value = value, Together = together, Support = support };
    }

    private static (int[], float[], int[]) Neighbours(int i, SparseRows rows, SparseRows byItem, int[] support,
        SimilarityKind kind, int maxNeighbors, bool includeSelf, int minTogether, Scratch scratch)
    {
        var count = scratch.Count;
        var touched = scratch.Touched;
        touched.Clear();
        foreach (var r in byItem.Row(i))
        {
            foreach (var j in rows.Row(r))
            {
                if (count[j]++ == 0)
                    touched.Add(j);
            }
        }
        // Key = (inverted similarity bits, item): ascending keys are strongest first, ties by item index, so results
        // never depend on thread timing. Similarities are non-negative, so their bit patterns order like the values.
        var keys = scratch.Keys;
        keys.Clear();
        foreach (var j in touched)
        {
            var c = count[j];
            if ((j == i && !includeSelf) || (j != i && c < minTogether))
                continue;
            var value = Similarity(kind, c, support[i], support[j]);
            keys.Add(((long)(int.MaxValue - BitConverter.SingleToInt32Bits(value)) << 32) | (uint)j);
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys);
        if (span.Length > maxNeighbors)
            span = TopN.Smallest(span, maxNeighbors);
        span.Sort();
        var n = new int[span.Length];
        var v = new float[span.Length];
        var t = new int[span.Length];
        for (var k = 0; k < span.Length; k++)
        {
            var j = (int)(span[k] & 0xFFFFFFFF);
            n[k] = j;
            v[k] = BitConverter.Int32BitsToSingle(int.MaxValue - (int)(span[k] >> 32));
            t[k] = count[j];
        }
        foreach (var j in touched)
            count[j] = 0;
        return (n, v, t);
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
        public readonly List<int> Touched = new(1024);
        public readonly List<long> Keys = new(1024);
    }
}
