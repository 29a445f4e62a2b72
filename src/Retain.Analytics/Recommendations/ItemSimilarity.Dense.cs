using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        Parallel.For(0, items, i => CountAbove(i, rows, byItem, support, kind, includeSelf, minTogether, dense.AsSpan(i * items, items)));
        var tiles = (items + Tile - 1) / Tile;
        Parallel.For(0, tiles, t => Mirror(dense, items, t));

        var kept = new int[items];
        Parallel.For(0, items, () => (new int[TopN.Buckets], new int[items]), (i, _, scratch) =>
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

    /// <summary>
    /// Row <paramref name="i"/>'s similarities to the items above it (and to itself when asked). The counts are kept in
    /// the row itself (as integers) and turned into similarities in place: no scratch array, no list of touched items.
    /// </summary>
    private static void CountAbove(int i, SparseRows rows, SparseRows byItem, int[] support, SimilarityKind kind,
        bool includeSelf, int minTogether, Span<float> row)
    {
        var counts = MemoryMarshal.Cast<float, int>(row);
        ref var count = ref MemoryMarshal.GetReference(counts);
        var column = rows.Column;
        var start = rows.Start;
        foreach (var r in byItem.Row(i))
        {
            // Rows are ascending: the items after i's own position are the ones above it.
            var whole = column.AsSpan(start[r], start[r + 1] - start[r]);
            foreach (var j in whole[(whole.BinarySearch(i) + 1)..])
                Unsafe.Add(ref count, j)++;
        }
        for (var j = i + 1; j < counts.Length; j++)
        {
            var together = counts[j];
            if (together != 0)
                row[j] = together >= minTogether ? Similarity(kind, together, support[i], support[j]) : 0f;
        }
        if (includeSelf)
            row[i] = Similarity(kind, support[i], support[i], support[i]);
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

    /// <summary>
    /// Zeroes all but the <paramref name="max"/> strongest of a row (ties to the lower item); returns how many are left.
    /// The cut is the max-th largest value (<see cref="TopN.KthLargestOfPositive"/>); ties at the cut are kept from the
    /// lowest item up. Every pass is branch-free but the last, whose branch is the rare "equal to the cut".
    /// </summary>
    private static int KeepStrongest(Span<float> row, int max, (int[] Histogram, int[] Buffer) scratch)
    {
        var n = 0;
        foreach (var value in row)
            n += value != 0 ? 1 : 0;
        if (n <= max)
            return n;
        var cut = TopN.KthLargestOfPositive(row, max, scratch.Histogram, scratch.Buffer);
        var above = 0;
        foreach (var value in row)
            above += value > cut ? 1 : 0;
        var ties = max - above;
        for (var j = 0; j < row.Length; j++)
        {
            var value = row[j];
            if (value == cut && ties > 0)
            {
                ties--;
                continue;
            }
            row[j] = value > cut ? value : 0f;
        }
        return max;
    }
}
