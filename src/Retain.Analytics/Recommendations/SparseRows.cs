namespace Retain.Analytics.Recommendations;

/// <summary>
/// A binary sparse matrix in compressed rows: row r's columns are <c>Column[Start[r]..Start[r + 1]]</c>, ascending and
/// distinct. Rows are users or baskets, columns items.
/// </summary>
public sealed class SparseRows(int[] start, int[] column, int columns)
{
    public int[] Start { get; } = start;
    public int[] Column { get; } = column;
    public int Rows => Start.Length - 1;
    public int Columns { get; } = columns;

    public ReadOnlySpan<int> Row(int r) => Column.AsSpan(Start[r], Start[r + 1] - Start[r]);

    /// <summary>The transpose (items → rows), columns ascending.</summary>
    public SparseRows Transpose()
    {
        var start = new int[Columns + 1];
        foreach (var c in Column)
            start[c + 1]++;
        for (var c = 0; c < Columns; c++)
            start[c + 1] += start[c];
        var fill = start[..^1];
        var column = new int[Column.Length];
        for (var r = 0; r < Rows; r++)
        {
            foreach (var c in Row(r))
                column[fill[c]++] = r;
        }
        return new SparseRows(start, column, Rows);
    }

    /// <summary>Builds rows from (row, column) pairs; repeated pairs count once.</summary>
    public static SparseRows FromPairs(ReadOnlySpan<int> rows, ReadOnlySpan<int> columns, int rowCount, int columnCount)
    {
        var start = new int[rowCount + 1];
        foreach (var r in rows)
            start[r + 1]++;
        for (var r = 0; r < rowCount; r++)
            start[r + 1] += start[r];
        var fill = start[..^1];
        var column = new int[rows.Length];
        for (var k = 0; k < rows.Length; k++)
            column[fill[rows[k]]++] = columns[k];
        // Sort and deduplicate each row in place, then compact.
        var write = 0;
        var compact = new int[rowCount + 1];
        for (var r = 0; r < rowCount; r++)
        {
            var span = column.AsSpan(start[r], start[r + 1] - start[r]);
            span.Sort();
            compact[r] = write;
            for (var k = 0; k < span.Length; k++)
            {
                if (k > 0 && span[k] == span[k - 1])
                    continue;
                column[write++] = span[k];
            }
        }
        compact[rowCount] = write;
        return new SparseRows(compact, column[..write], columnCount);
    }
}
