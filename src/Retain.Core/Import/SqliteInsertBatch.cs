using Microsoft.Data.Sqlite;

namespace Retain.Core.Import;

/// <summary>
/// Inserts rows <see cref="RowsPerStatement"/> at a time with one multi-row <c>INSERT … VALUES (…), (…)</c>: SQLite
/// then opens the table's cursors and runs the statement's prologue once per batch instead of once per row, and the
/// managed side makes one step and reset call per batch. Rows wait in two small arrays until a batch is full;
/// <see cref="Flush"/> writes the rest one row at a time, so it must run before anything reads the table.
/// </summary>
internal sealed class SqliteInsertBatch : IDisposable
{
    private const int RowsPerStatement = 64;
    private readonly SqliteRawStatement _many;
    private readonly SqliteRawStatement _one;
    private readonly int _columns;
    private readonly long[] _numbers;
    private readonly string?[] _texts;
    private readonly bool[] _isText;
    private int _count;

    /// <param name="insert">The statement up to and including <c>VALUES</c>, e.g. <c>INSERT INTO T (A, B) VALUES</c>.</param>
    public SqliteInsertBatch(SqliteConnection connection, string insert, int columns)
    {
        _columns = columns;
        var row = "(" + string.Join(", ", Enumerable.Repeat("?", columns)) + ")";
        _many = new SqliteRawStatement(connection, insert + " " + string.Join(", ", Enumerable.Repeat(row, RowsPerStatement)));
        _one = new SqliteRawStatement(connection, insert + " " + row);
        _numbers = new long[columns * RowsPerStatement];
        _texts = new string?[columns * RowsPerStatement];
        _isText = new bool[columns * RowsPerStatement];
    }

    public void Add(long value)
    {
        _numbers[_count] = value;
        _isText[_count++] = false;
    }

    public void Add(string? value)
    {
        _texts[_count] = value;
        _isText[_count++] = true;
    }

    /// <summary>Ends a row of exactly the statement's column count; a full batch is written at once.</summary>
    public void EndRow()
    {
        if (_count % _columns != 0)
            throw new InvalidOperationException($"A row has {_columns} values; {_count % _columns} were given.");
        if (_count < _numbers.Length)
            return;
        Bind(_many, 0, _count);
        _many.Execute();
        Clear();
    }

    /// <summary>Writes the rows still waiting.</summary>
    public void Flush()
    {
        for (var start = 0; start < _count; start += _columns)
        {
            Bind(_one, start, _columns);
            _one.Execute();
        }
        Clear();
    }

    private void Bind(SqliteRawStatement statement, int start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (_isText[start + i])
                statement.Bind(i + 1, _texts[start + i]);
            else
                statement.Bind(i + 1, _numbers[start + i]);
        }
    }

    private void Clear()
    {
        Array.Clear(_texts, 0, _count); // no string outlives its batch
        _count = 0;
    }

    public void Dispose()
    {
        _many.Dispose();
        _one.Dispose();
    }
}
