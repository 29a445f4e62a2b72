using Microsoft.Data.Sqlite;

namespace Retain.Core.Import;

/// <summary>
/// Secondary indexes that a large import drops and builds again at its end, inside its own transaction (SQLite DDL is
/// transactional, so a failed import gets them back with the rollback). Inserting a million lines in key order but
/// maintaining an index by product means a random B-tree descent per line; building the index afterwards is one sort.
/// Only non-unique indexes are deferred: unique ones enforce the import's own lookups (order ids, SKUs) as it goes.
/// The switch happens once the import has written enough lines that rebuilding over the table's existing rows costs
/// less than keeping them up to date: the table may hold at most <see cref="ExistingRowsPerNewRow"/> rows per line
/// this import has already written.
/// </summary>
internal sealed class SqliteDeferredIndexes(SqliteConnection connection, SqliteTransaction transaction, params string[] tables)
{
    private const int FirstCheckAt = 50_000;
    private const int ExistingRowsPerNewRow = 4;
    private readonly List<(string Name, string Sql)> _dropped = [];
    private long _nextCheck = FirstCheckAt;

    public bool Deferred { get; private set; }

    /// <summary>Called as lines are written; drops the indexes when this import has become large against <paramref name="table"/>.</summary>
    public void OnLinesWritten(long linesWritten, string table)
    {
        if (Deferred || linesWritten < _nextCheck)
            return;
        _nextCheck = linesWritten * ExistingRowsPerNewRow;
        var limit = linesWritten * (ExistingRowsPerNewRow + 1);
        using var count = Command($"SELECT count(*) FROM (SELECT 1 FROM \"{table}\" LIMIT {limit + 1})");
        if ((long)count.ExecuteScalar()! > limit)
            return;
        Drop();
    }

    private void Drop()
    {
        using (var list = Command($"""
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({string.Join(", ", tables.Select(t => $"'{t}'"))})
            ORDER BY name
            """))
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
                _dropped.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in _dropped)
        {
            using var drop = Command($"DROP INDEX \"{name}\"");
            drop.ExecuteNonQuery();
        }
        Deferred = true;
    }

    /// <summary>Builds the dropped indexes again from their original definitions (a no-op when none were dropped).</summary>
    public void Rebuild()
    {
        foreach (var (_, sql) in _dropped)
        {
            using var create = Command(sql);
            create.ExecuteNonQuery();
        }
        _dropped.Clear();
        Deferred = false;
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
