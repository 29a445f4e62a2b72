using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Retain.Core.Storage;
using Retain.Testing;

namespace Retain.Core.Tests.Storage;

/// <summary>A fresh, empty database of one provider for one test: a SQLite file in a temp folder, or a new PostgreSQL database.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _tempDirectory;

    private TestDatabase(DatabaseProvider provider, string database, string? tempDirectory)
    {
        Provider = provider;
        Database = database;
        _tempDirectory = tempDirectory;
        Options = RetainDbContextSetup.CreateOptions(database);
        Factory = new PooledDbContextFactory<RetainDbContext>(Options);
    }

    public DatabaseProvider Provider { get; }
    public string Database { get; }
    public DbContextOptions<RetainDbContext> Options { get; }
    public IDbContextFactory<RetainDbContext> Factory { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        TestDatabase db;
        if (provider == DatabaseProvider.Postgres)
        {
            db = new TestDatabase(provider, await PostgresServer.CreateDatabaseAsync("storage"), null);
        }
        else
        {
            var dir = Directory.CreateTempSubdirectory("retain-sqlite-").FullName;
            db = new TestDatabase(provider, Path.Combine(dir, "retain.db"), dir);
        }
        if (migrate)
            await db.CreateMigrator().MigrateAsync(TestContext.Current.CancellationToken);
        return db;
    }

    public RetainDbContext NewContext() => new(Options);

    public DatabaseMigrator CreateMigrator() => new(Factory, NullLogger<DatabaseMigrator>.Instance);

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
            await PostgresServer.DropDatabaseAsync(Database);
        if (_tempDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_tempDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
