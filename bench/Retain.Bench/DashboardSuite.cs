using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Demo;
using Retain.Core.Scores;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Hosting;

namespace Retain.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Retain.Bench -- dashboard [--db FILE | --customers N] [--repeat R] [--walk P]`:
/// the real server on a loopback port over a demo shop (an existing demo database, or a fresh one of N customers,
/// scored), signed in as an admin; times every dashboard page R times after a warm-up, then walks P pages of the
/// customer list by its keyset cursor and jumps to the deepest pages. Times are measured at the client over loopback,
/// so they include the (small) transfer on top of the server time.
/// </summary>
internal static partial class DashboardSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Opt(string name) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : null;
        var repeat = int.Parse(Opt("--repeat") ?? "20", CultureInfo.InvariantCulture);
        var walk = int.Parse(Opt("--walk") ?? "200", CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("retain-bench-dash-").FullName;
        var database = Opt("--db") ?? Path.Combine(directory, "demo.db");
        var app = ServerHost.Build(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StorageOptions.SectionName}:Database"] = database,
            ["Retain:Scores:Enabled"] = "false",
            ["Retain:Measure:CacheFor"] = "01:00:00",
            ["Retain:Api:RateLimit:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }), b => b.Services.AddSingleton<DemoShopWriter>());
        await using (app)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            if (Opt("--db") is null)
            {
                var customers = int.Parse(Opt("--customers") ?? "20000", CultureInfo.InvariantCulture);
                var clock = Stopwatch.StartNew();
                await app.Services.GetRequiredService<DemoShopWriter>().WriteAsync(new DemoShopOptions { Customers = customers, Seed = 42, EndDate = new DateOnly(2026, 6, 30) });
                await app.Services.GetRequiredService<ScoreRunner>().RunAsync(false);
                Console.WriteLine($"demo shop of {customers:N0} customers written and scored in {clock.Elapsed.TotalSeconds:F0} s");
            }
            await app.Services.GetRequiredService<UserAccounts>().CreateOrResetAsync("bench@retain.local", "bench password 123", UserRole.Admin);
            await app.StartAsync();
            using var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };
            (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "bench@retain.local", password = "bench password 123" })).EnsureSuccessStatusCode();
            Console.WriteLine($"{database}; {Environment.ProcessorCount} cores; {repeat} timed requests per page after 3 warm-ups");

            var load = Stopwatch.StartNew();
            await GetAsync(client, "/");
            Console.WriteLine($"  first page (loads the shop's data into the measurement cache): {load.Elapsed.TotalMilliseconds:F0} ms");
            var customerId = CustomerRow().Match(await GetAsync(client, "/at-risk")) is { Success: true } row ? row.Groups[1].Value
                : throw new InvalidOperationException("the at-risk list is empty: is the shop scored?");
            foreach (var path in new[]
            {
                "/", "/?from=2025-01-01&to=2025-12-31", "/cohorts", "/cohorts?grain=week", "/segments", "/segments?segment=champions",
                "/customers", "/customers?q=anna", $"/customers/{customerId}", "/at-risk", "/vip", "/at-risk?page=20", "/definitions",
            })
            {
                for (var i = 0; i < 3; i++)
                    await GetAsync(client, path);
                Report(path, await TimeAsync(repeat, () => GetAsync(client, path)));
            }

            // Page through the customer list as a user would, following each page's "Next" cursor, then the deepest pages.
            var times = new List<double>();
            var next = "/customers";
            for (var i = 0; i < walk && next is not null; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var html = await GetAsync(client, next);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                next = NextLink().Match(html) is { Success: true } m ? "/customers?after=" + m.Groups[1].Value : null;
            }
            Report($"/customers walk of {times.Count} pages", times);
            long maxId;
            await using (var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RetainDbContext>>().CreateDbContextAsync())
                maxId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.MaxAsync(db.Customers, c => c.Id);
            var deep = new List<double>();
            foreach (var fraction in new[] { 0.5, 0.9, 0.999 })
                deep.AddRange(await TimeAsync(repeat / 2 + 1, () => GetAsync(client, $"/customers?after={(long)(maxId * fraction)}")));
            Report("/customers deep pages (50%, 90%, 99.9% of the ids)", deep);
            await app.StopAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<List<double>> TimeAsync(int count, Func<Task> action)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }

    private static void Report(string what, List<double> times)
    {
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-52} n {times.Count,4}  p50 {times[times.Count / 2],7:F1} ms  p95 {times[Math.Min(times.Count - 1, (int)(times.Count * 0.95))],7:F1} ms  max {times[^1],7:F1} ms"));
    }

    [GeneratedRegex("<tr data-id=\"([^\"]+)\"")]
    private static partial Regex CustomerRow();

    [GeneratedRegex("rel=\"next\" href=\"/customers\\?after=(\\d+)\"")]
    private static partial Regex NextLink();
}
