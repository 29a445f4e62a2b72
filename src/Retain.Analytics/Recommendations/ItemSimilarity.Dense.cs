namespace Retain.Analytics.Recommendations;

/// <summary>The dense build: the same neighbours and values as <see cref="Build"/>, through a transient items × items matrix.</summary>
public sealed partial class ItemSimilarity
{
    /// <summary>Square tiles of the mirror step: two 64 × 64 float tiles stay in L1 while one is copied into the other.</summary>
    private const int Tile = 64;

    /// <summary>
    /// <see cref="Build"/> for a small catalogue, through a dense matrix held while building (4 bytes × items², so only
    /// when that fits): every pair is counted once (the similarities here are symmetric), written to both halves, then
    /// each row keeps its <paramref name="maxNeighbors"/> strongest. Half the counting of the row-by-row build.
    /// </summary>
    public static ItemSimilarity BuildDense(SparseRows rows, SimilarityKind kind, int maxNeighbors, bool includeSelf = false, int minTogether = 1)
    {
        var items = rows.Columns;
        var byItem = rows.Transpose();
        var support = new int[items];
        for (var i = 0; i < items; i++)
            support[i] = byItem.Start[i + 1] - byItem.Start[i];
        var dense = new float[(long)items * items];
        Parallel.For(0, items, () => new Scratch(items), (i, _, scratch) =>
        {
            CountAbove(i, rows, byItem, support, kind, includeSelf, minTogether, scratch, dense.AsSpan(i * items, items));
            return scratch;
        }, _ => { });
        var tiles = (items + Tile - 1) / Tile;
        Parallel.For(0, tiles, t => Mirror(dense, items, t));

        var kept = new int[items];
        Parallel.For(0, items, () => new Scratch(items), (i, _, scratch) =>
        {
            kept[i] = KeepStrongest(dense.AsSpan(i * items, items), maxNeighbors, scratch);
            return scratch;
        }, _ => { });
        var start = new int[items + 1];
        for (var i = 0; i < items; i++)
            start[i + 1] = start[i] + kept[i];
        var neighbor = new int[start[items]];
        var value = new float[start[items]];
        Parallel.For(0, items, i =>
        {
            var row = dense.AsSpan(i * items, items);
            var at = start[i];
            for (var j = 0; j < items; j++)
            {
                if (row[j] != 0)
                {
                    neighbor[at] = j;
                    value[at++] = row[j];
                }
            }
        });
        return new ItemSimilarity { Start = start, Neighbor = neighbor, Value = value, Support = support };
    }

    /// <summary>Row <paramref name="i"/>'s similarities to the items above it (and to itself when asked).</summary>
    private static void CountAbove(int i, SparseRows rows, SparseRows byItem, int[] support, SimilarityKind kind,
        bool includeSelf, int minTogether, Scratch scratch, Span<float> row)
    {
        var count = scratch.Count;
        var touched = scratch.Touched;
        touched.Clear();
        var column = rows.Column;
        var start = rows.Start;
        foreach (var r in byItem.Row(i))
        {
            // Rows are ascending: the items after i's own position are the ones above it.
            var whole = column.AsSpan(start[r], start[r + 1] - start[r]);
            foreach (var j in whole[(whole.BinarySearch(i) + 1)..])
            {
                if (count[j]++ == 0)
                    touched.Add(j);
            }
        }
        if (includeSelf)
            row[i] = Similarity(kind, support[i], support[i], support[i]);
        foreach (var j in touched)
        {
            if (count[j] >= minTogether)
                row[j] = Similarity(kind, count[j], support[i], support[j]);
            count[j] = 0;
        }
    }

    /// <summary>Copies the upper triangle of row tile <paramref name="t"/> into the lower triangle, tile by tile.</summary>
    private static void Mirror(float[] dense, int items, int t)
    {
        var rowFrom = t * Tile;
        var rowTo = Math.Min(items, rowFrom + Tile);
        for (var colFrom = rowFrom; colFrom < items; colFrom += Tile)
        {
            var colTo = Math.Min(items, colFrom + Tile);
            for (var i = rowFrom; i < rowTo; i++)
            {
                for (var j = Math.Max(colFrom, i + 1); j < colTo; j++)
                    dense[(long)j * items + i] = dense[(long)i * items + j];
            }
        }
    }

    /// <summary>Zeroes all but the <paramref name="max"/> strongest of a row (ties to the lower item); returns how many are left.</summary>
    private static int KeepStrongest(Span<float> row, int max, Scratch scratch)
    {
        var keys = scratch.Keys;
        keys.Clear();
        for (var j = 0; j < row.Length; j++)
        {
            if (row[j] != 0)
                keys.Add(Key(row[j], j));
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys);
        var cut = Cut(span, max, scratch.Select);
        if (cut == long.MaxValue)
            return span.Length;
        foreach (var key in span)
        {
            if (key > cut)
                row[(int)(key & 0xFFFFFFFF)] = 0;
        }
        return max;
    }
}
