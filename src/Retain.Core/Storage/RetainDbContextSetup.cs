using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Retain.Core.Storage;

/// <summary>
/// Configures a <see cref="DbContextOptionsBuilder"/> for either provider, the one place that knows the migrations
/// assemblies and the SQLite pragmas. Used by DI, the design-time factories and the tests.
/// </summary>
public static class RetainDbContextSetup
{
    public const string SqliteMigrationsAssembly = "Retain.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Retain.Migrations.Postgres";

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, StorageOptions options)
    {
        var resolved = options.Resolve();
        if (resolved.Provider == DatabaseProvider.Postgres)
        {
            builder.UseNpgsql(WithAutoPrepare(resolved.ConnectionString), b => b.MigrationsAssembly(PostgresMigrationsAssembly));
            return builder;
        }
        var sqlite = new SqliteConnectionStringBuilder(resolved.ConnectionString);
        if (sqlite.Mode != SqliteOpenMode.Memory && sqlite.DataSource is { Length: > 0 } file && file != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null)
                Directory.CreateDirectory(directory);
        }
        builder.UseSqlite(sqlite.ConnectionString, b => b.MigrationsAssembly(SqliteMigrationsAssembly));
        builder.AddInterceptors(new SqlitePragmaInterceptor(options.BusyTimeout));
        builder.ReplaceService<IMigrationsSqlGenerator, SqliteWithoutRowIdMigrationsSqlGenerator>();
        return builder;
    }

    /// <summary>
    /// The most statements Npgsql keeps prepared per connection when the connection string does not say
    /// (<c>Max Auto Prepare</c>): a statement run a few times on a connection is then parsed and planned once, not on
    /// every request. The API's hot statements (an order's look-up and insert, a customer read's queries, EF Core's
    /// own) are a few dozen texts.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 100;

    /// <summary><paramref name="connectionString"/> with <see cref="DefaultMaxAutoPrepare"/>, unless it sets its own (0 turns preparing off).</summary>
    public static string WithAutoPrepare(string connectionString)
    {
        // The generic parser tells whether the string itself sets the keyword (in either spelling Npgsql accepts).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
            return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    /// <summary>Options for a context on <paramref name="database"/> (a PostgreSQL connection string or a SQLite path).</summary>
    public static DbContextOptions<RetainDbContext> CreateOptions(string database)
    {
        var builder = new DbContextOptionsBuilder<RetainDbContext>();
        Configure(builder, new StorageOptions { Database = database });
        return builder.Options;
    }
}
