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

    /// <param name="settings">Configuration on top (the background scoring job is off unless a test turns it on).</param>
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
            }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()),
            b => b.WebHost.UseTestServer());
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        if (seed is not null)
            await seed(app.Services);
        await app.StartAsync();
        return new TestApp(app, directory);
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
