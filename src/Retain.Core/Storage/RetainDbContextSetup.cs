using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

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
            builder.UseNpgsql(resolved.ConnectionString, b => b.MigrationsAssembly(PostgresMigrationsAssembly));
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

    /// <summary>Options for a context on <paramref name="database"/> (a PostgreSQL connection string or a SQLite path).</summary>
    public static DbContextOptions<RetainDbContext> CreateOptions(string database)
    {
        var builder = new DbContextOptionsBuilder<RetainDbContext>();
        Configure(builder, new StorageOptions { Database = database });
        return builder.Options;
    }
}
