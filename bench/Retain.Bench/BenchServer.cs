using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Hosting;
using Retain.Testing;

namespace Retain.Bench;

/// <summary>
/// The real server (Kestrel on a loopback port, the same <see cref="ServerHost.Build"/> as <c>retain serve</c>) on a
/// fresh database — a SQLite file in a temporary directory or a new database on the test fixture's throwaway
/// PostgreSQL — with the rate limit and the background jobs off, and an HTTP client holding an admin key. The load
/// suites share it; disposing stops the server and deletes the SQLite directory.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _postgresDatabase;

    private BenchServer(WebApplication app, HttpClient client, string? directory, string? postgresDatabase)
    {
        App = app;
        Client = client;
        _directory = directory;
        _postgresDatabase = postgresDatabase;
    }

    public WebApplication App { get; }

    /// <summary>What every load suite's server runs with: the database, no rate limit, no background jobs, quiet logs.</summary>
    public static Dictionary<string, string?> Settings(string database) => new()
    {
        [$"{StorageOptions.SectionName}:Database"] = database,
        ["Retain:Api:RateLimit:Enabled"] = "false",
        ["Retain:Scores:Enabled"] = "false",
        ["Retain:Loyalty:Job:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Retain:Api:SqliteGroupCommit"] = Environment.GetEnvironmentVariable("RETAIN_GROUP_COMMIT") ?? "true",
    };

    public HttpClient Client { get; }

    public static async Task<BenchServer> StartAsync(string provider, int concurrency, string postgresPrefix = "bench")
    {
        string? directory = null;
        string database;
        if (provider == "postgres")
        {
            database = await PostgresServer.CreateDatabaseAsync(postgresPrefix);
        }
        else
        {
            directory = Directory.CreateTempSubdirectory("retain-bench-").FullName;
            database = Path.Combine(directory, "retain.db");
        }
        var app = ServerHost.Build(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(Settings(database)));
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await app.StartAsync();
        var (_, token) = await app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("bench", [ApiScopes.Admin]);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(app.Urls.First()),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new BenchServer(app, client, directory,
            provider == "postgres" ? new Npgsql.NpgsqlConnectionStringBuilder(database).Database : null);
    }

    /// <summary>
    /// CPU-seconds used so far by the live PostgreSQL backends serving this server's database (read from Linux's /proc;
    /// 0 on SQLite or elsewhere): the database server shares the two cores, and the bench process's own CPU leaves it out.
    /// A backend's command line names its database ("postgres: user bench_1234_1 127.0.0.1(port) idle").
    /// </summary>
    public double DatabaseCpuSeconds()
    {
        if (_postgresDatabase is null || !OperatingSystem.IsLinux())
            return 0;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
                continue;
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains($" {_postgresDatabase} ", StringComparison.Ordinal))
                    continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime, stime
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
