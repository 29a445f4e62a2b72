using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

/// <summary>
/// Hand-written commands on the connection and transaction a <see cref="RetainDbContext"/> already has, storing values
/// exactly as EF Core would for the provider: on SQLite, decimals as scaled integers and times as EF's TEXT form
/// (<see cref="SqliteModelConventions"/>); on PostgreSQL, numeric and timestamptz as they are. Identifiers are quoted,
/// which both providers accept.
/// </summary>
internal sealed class OrderSql(DbConnection connection, DbTransaction transaction)
{
    public bool IsSqlite { get; } = connection is SqliteConnection;

    public static OrderSql For(RetainDbContext db, IDbContextTransaction transaction) =>
        new(db.Database.GetDbConnection(), transaction.GetDbTransaction());

    public DbCommand Command(string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    public object Money(decimal value) => IsSqlite ? SqliteModelConventions.ToScaled(value, ColumnSizes.MoneyScale) : value;

    public object Rate(decimal value) => IsSqlite ? SqliteModelConventions.ToScaled(value, ColumnSizes.RateScale) : value;

    public object Time(DateTime value)
    {
        var utc = UtcTime.Normalize(value);
        return IsSqlite ? SqliteModelConventions.FormatDateTime(utc) : utc;
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// Runs a write, reporting a unique-index collision the way EF does (a <see cref="DbUpdateException"/> around the
    /// provider's exception), so the API's write filter retries it like any other concurrent insert of the same row.
    /// </summary>
    public static async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (DbException ex) when (ex is SqliteException { SqliteErrorCode: 19 } or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new DbUpdateException("A hand-written insert collided with a concurrent one.", ex);
        }
    }
}
