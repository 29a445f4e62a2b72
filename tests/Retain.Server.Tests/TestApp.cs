using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Storage;
using Retain.Server.Hosting;

namespace Retain.Server.Tests;

/// <summary>
/// The real server pipeline (the same <see cref="ServerHost.Build"/> that <c>retain serve</c> runs) on an in-memory
/// test server, over a fresh SQLite file or a given database. Built directly rather than through
/// WebApplicationFactory because Program.cs is a CLI whose default verb is not the server.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly string? _directory;

    private TestApp(WebApplication app, string? directory)
    {
        App = app;
        _directory = directory;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => App.Services;

    /// <summary>An admin API key's token; <see cref="Client"/> sends it on every request.</summary>
    public string AdminToken { get; private set; } = "";

    /// <summary>Starts on a fresh SQLite file ("sqlite") or a fresh database on the throwaway PostgreSQL ("postgres").</summary>
    public static async Task<TestApp> StartOnAsync(string provider, Func<IServiceProvider, Task>? seed = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        await StartAsync(provider == "postgres" ? await Retain.Testing.PostgresServer.CreateDatabaseAsync("api") : null, seed, settings);

    /// <param name="settings">Configuration on top (the background scoring and loyalty jobs are off unless a test turns them on).</param>
    public static async Task<TestApp> StartAsync(string? database = null, Func<IServiceProvider, Task>? seed = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        string? directory = null;
        if (database is null)
        {
            directory = Directory.CreateTempSubdirectory("retain-test-").FullName;
            database = Path.Combine(directory, "retain.db");
        }
        var app = ServerHost.Build([],
            c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.SectionName}:Database"] = database,
                ["Retain:Scores:Enabled"] = "false",
                ["Retain:Loyalty:Job:Enabled"] = "false",
            }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()),
            b => b.WebHost.UseTestServer());
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        if (seed is not null)
            await seed(app.Services);
        await app.StartAsync();
        var test = new TestApp(app, directory);
        test.AdminToken = await test.CreateKeyAsync(Retain.Core.Security.ApiScopes.Admin);
        test.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", test.AdminToken);
        return test;
    }

    /// <summary>A new API key with these scopes; returns its token.</summary>
    public async Task<string> CreateKeyAsync(params string[] scopes) =>
        (await Services.GetRequiredService<Retain.Core.Security.ApiKeyStore>().CreateAsync("test", scopes)).Token;

    /// <summary>A client sending <paramref name="token"/> as a bearer token (none when null).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = App.GetTestClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A fresh context on the app's database, for assertions.</summary>
    public Retain.Core.Storage.RetainDbContext Db() =>
        Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Retain.Core.Storage.RetainDbContext>>().CreateDbContext();

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
