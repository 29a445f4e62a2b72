using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;
using Retain.Testing;

namespace Retain.Bench;

/// <summary>
/// <c>retain import orders online_retail_II.csv.gz --preset online-retail-ii</c> end to end (read, parse, write,
/// commit) into a fresh, migrated database per iteration: SQLite in a temp folder, or a new database on the throwaway
/// PostgreSQL (or on <c>RETAIN_BENCH_PG</c>, an admin connection string, when set).
/// <code>dotnet run -c Release --project bench/Retain.Bench -- --filter '*ImportBenchmarks*'</code>
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private string _file = null!;
    private string _database = null!;
    private string? _folder;

    [Params(DatabaseProvider.Sqlite, DatabaseProvider.Postgres)]
    public DatabaseProvider Provider { get; set; }

    [GlobalSetup]
    public void FindDataset() =>
        _file = Path.Combine(Datasets.DataDirectory ?? throw new InvalidOperationException("shared/data not found; set RETAIN_SHARED_DATA"),
            "online_retail_ii", "online_retail_II.csv.gz");

    [IterationSetup]
    public void FreshDatabase()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            _database = BenchDatabases.CreatePostgres();
        }
        else
        {
            _folder = Directory.CreateTempSubdirectory("retain-bench-").FullName;
            _database = Path.Combine(_folder, "retain.db");
        }
        var options = RetainDbContextSetup.CreateOptions(_database);
        new DatabaseMigrator(new PooledDbContextFactory<RetainDbContext>(options), NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync().GetAwaiter().GetResult();
    }

    [Benchmark]
    public ImportSummary ImportOnlineRetailII() => BenchDatabases.ImportAsync(_database, _file).GetAwaiter().GetResult();

    [IterationCleanup]
    public void Cleanup()
    {
        if (_folder is null)
            return;
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        _folder = null;
    }
}

internal static class BenchDatabases
{
    private static int _counter;

    public static string CreatePostgres()
    {
        var admin = Environment.GetEnvironmentVariable("RETAIN_BENCH_PG");
        if (string.IsNullOrEmpty(admin))
            return PostgresServer.CreateDatabaseAsync("bench").GetAwaiter().GetResult();
        var name = $"retain_bench_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        using var connection = new Npgsql.NpgsqlConnection(admin);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task<ImportSummary> ImportAsync(string database, string file)
    {
        var importer = new OrderImporter(new PooledDbContextFactory<RetainDbContext>(RetainDbContextSetup.CreateOptions(database)),
            TimeProvider.System, NullLogger<OrderImporter>.Instance);
        // Rejects go to the temp folder: the dataset folder is read-only and shared.
        return await importer.ImportFileAsync(file, new ImportOptions { Format = OrderFileFormat.OnlineRetailII }, baseCurrency: "GBP",
            rejectsPath: Path.Combine(Path.GetTempPath(), "retain-bench-online_retail_II.rejects.csv"));
    }
}
