using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Retain.Core.Storage;

/// <summary>
/// Appends many rows to one table in the caller's connection and transaction: reused prepared statements on SQLite,
/// binary COPY on PostgreSQL. For generated or imported data where EF's per-entity tracking would cost more than
/// the insert (the demo shop writes millions of rows). Values are written the way the EF model stores them
/// (see <see cref="SqliteModelConventions"/>): the caller passes plain CLR values.
/// </summary>
public static class BulkInsert
{
    public static async Task<long> WriteAsync(RetainDbContext db, string table, IReadOnlyList<string> columns,
        IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);
        var quoted = string.Join(", ", columns.Select(c => $"\"{c}\""));
        return connection switch
        {
            SqliteConnection sqlite => WriteSqlite(sqlite, db.Database.CurrentTransaction?.GetDbTransaction(), table, quoted, columns.Count, rows),
            NpgsqlConnection npgsql => await WritePostgresAsync(npgsql, table, quoted, rows, cancellationToken),
            _ => throw new NotSupportedException($"Bulk insert does not support {connection.GetType().Name}."),
        };
    }

    private static long WriteSqlite(SqliteConnection connection, DbTransaction? transaction, string table, string columns, int count, IEnumerable<object?[]> rows)
    {
        using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({columns}) VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"$p{i}"))})";
        for (var i = 0; i < count; i++)
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        command.Prepare();
        long written = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < count; i++)
                command.Parameters[i].Value = ToSqlite(row[i]);
            command.ExecuteNonQuery();
            written++;
        }
        return written;
    }

    private static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime t => SqliteModelConventions.FormatDateTime(UtcTime.Normalize(t)),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => SqliteModelConventions.ToScaled(m, SqliteModelConventions.DefaultScale),
        bool b => b ? 1L : 0L,
        _ => value,
    };

    private static async Task<long> WritePostgresAsync(NpgsqlConnection connection, string table, string columns,
        IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long written = 0;
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var value in row)
            {
                switch (value)
                {
                    case null: await writer.WriteNullAsync(cancellationToken); break;
                    case DateTime t: await writer.WriteAsync(UtcTime.Normalize(t), NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken); break;
                    case DateOnly d: await writer.WriteAsync(d, NpgsqlTypes.NpgsqlDbType.Date, cancellationToken); break;
                    case string s: await writer.WriteAsync(s, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken); break;
                    case long l: await writer.WriteAsync(l, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken); break;
                    case byte b: await writer.WriteAsync((short)b, NpgsqlTypes.NpgsqlDbType.Smallint, cancellationToken); break;
                    case double f: await writer.WriteAsync(f, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken); break;
                    case bool b: await writer.WriteAsync(b, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken); break;
                    case decimal m: await writer.WriteAsync(m, NpgsqlTypes.NpgsqlDbType.Numeric, cancellationToken); break;
                    default: throw new NotSupportedException($"Bulk insert cannot write a {value.GetType().Name}.");
                }
            }
            written++;
        }
        await writer.CompleteAsync(cancellationToken);
        return written;
    }
}
