using Npgsql;

namespace Retain.Core.Import;

/// <summary>
/// For a set-based insert of many rows into a table that holds few: drops the table's foreign keys and non-unique
/// indexes inside the import's transaction and adds them back, from their own definitions, after the insert. Measured
/// on Online Retail II (1M order lines): the per-row foreign-key triggers cost 17 µs a row each and incremental index
/// maintenance most of the rest, while re-adding a foreign key validates all rows with one join and an index builds
/// with one sort. PostgreSQL DDL is transactional, so a failed import gets everything back with the rollback; the
/// price is an exclusive lock on the table (and a share lock on the referenced ones) until the import commits.
/// </summary>
internal sealed class PostgresDeferredConstraints
{
    private const int ExistingRowsPerNewRow = 4;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly List<string> _restore = [];

    private PostgresDeferredConstraints(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>
    /// Defers <paramref name="table"/>'s foreign keys and secondary indexes when <paramref name="newRows"/> is large
    /// against the rows it holds (at most <see cref="ExistingRowsPerNewRow"/> per new row); otherwise does nothing.
    /// </summary>
    public static async Task<PostgresDeferredConstraints> DeferAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table,
        long newRows, CancellationToken cancellationToken)
    {
        var deferred = new PostgresDeferredConstraints(connection, transaction);
        if (newRows < 10_000)
            return deferred;
        var limit = newRows * ExistingRowsPerNewRow;
        var existing = (long)(await deferred.ScalarAsync($"SELECT count(*) FROM (SELECT 1 FROM \"{table}\" LIMIT {limit + 1}) t", cancellationToken))!;
        if (existing > limit)
            return deferred;

        var drops = new List<string>();
        var foreignKeys = $"""
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = '"{table}"'::regclass AND contype = 'f' ORDER BY conname
            """;
        foreach (var (name, definition) in await deferred.PairsAsync(foreignKeys, cancellationToken))
        {
            drops.Add($"ALTER TABLE \"{table}\" DROP CONSTRAINT \"{name}\"");
            deferred._restore.Add($"ALTER TABLE \"{table}\" ADD CONSTRAINT \"{name}\" {definition}");
        }
        var indexes = $"""
            SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = '"{table}"'::regclass AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.relname
            """;
        foreach (var (name, definition) in await deferred.PairsAsync(indexes, cancellationToken))
        {
            drops.Add($"DROP INDEX \"{name}\"");
            // Indexes first: a foreign key's validation is a join that may use them.
            deferred._restore.Insert(0, definition);
        }
        foreach (var drop in drops)
            await deferred.ExecuteAsync(drop, cancellationToken);
        return deferred;
    }

    public bool Deferred => _restore.Count > 0;

    /// <summary>Builds the indexes and adds the foreign keys back (validating every row); a violation throws and the import rolls back.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        if (_restore.Count == 0)
            return;
        // A sort in memory instead of on disk for the index builds, for this transaction only.
        await ExecuteAsync("SET LOCAL maintenance_work_mem = '256MB'", cancellationToken);
        foreach (var statement in _restore)
            await ExecuteAsync(statement, cancellationToken);
        _restore.Clear();
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task<List<(string, string)>> PairsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pairs = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        return pairs;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
