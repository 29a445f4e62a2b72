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
using Retain.Server.Dashboard.Models;
using Retain.Server.Hosting;

namespace Retain.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Retain.Bench -- dashboard-pages [--customers N] [--repeat R]`: the Import,
/// Settings and Models pages on the real server (loopback port) over a fresh, scored demo shop (default 20,000
/// customers, as `retain demo`), signed in as an admin; each page timed R times after 3 warm-ups, at the client, so the
/// figures include the (small) loopback transfer on top of the server time. The Models page's back-test is computed
/// in the background once per data change; its duration is reported separately.
/// </summary>
internal static partial class DashboardPagesSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Opt(string name) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : null;
        var repeat = int.Parse(Opt("--repeat") ?? "20", CultureInfo.InvariantCulture);
        var customers = int.Parse(Opt("--customers") ?? "20000", CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("retain-bench-pages-").FullName;
        var app = ServerHost.Build(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StorageOptions.SectionName}:Database"] = Path.Combine(directory, "demo.db"),
            ["Retain:Scores:Enabled"] = "false",
            ["Retain:Api:RateLimit:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }), b => b.Services.AddSingleton<DemoShopWriter>());
        await using (app)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            var clock = Stopwatch.StartNew();
            await app.Services.GetRequiredService<DemoShopWriter>().WriteAsync(new DemoShopOptions { Customers = customers, Seed = 42, EndDate = new DateOnly(2026, 6, 30) });
            await app.Services.GetRequiredService<ScoreRunner>().RunAsync(false);
            Console.WriteLine($"demo shop of {customers:N0} customers written and scored in {clock.Elapsed.TotalSeconds:F0} s");
            await app.Services.GetRequiredService<UserAccounts>().CreateOrResetAsync("bench@retain.local", "bench password 123", UserRole.Admin);
            await app.StartAsync();
            using var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };
            (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "bench@retain.local", password = "bench password 123" })).EnsureSuccessStatusCode();

            await GetAsync(client, "/models"); // starts the back-test
            var cache = app.Services.GetRequiredService<BacktestCache>();
            await cache.WhenIdle();
            var snapshot = (await cache.GetAsync()).Snapshot!;
            Console.WriteLine($"  back-test for /models (background, once per data change): {snapshot.Took.TotalSeconds:F1} s{(snapshot.Error is null ? "" : " failed: " + snapshot.Error)}");

            var preview = await UploadAsync(client);
            Console.WriteLine($"{Environment.ProcessorCount} cores; {repeat} timed requests per page after 3 warm-ups");
            foreach (var path in new[] { "/import", preview, "/settings", "/models" })
            {
                for (var i = 0; i < 3; i++)
                    await GetAsync(client, path);
                Report(path == preview ? "/import/{upload} (preview + mapping)" : path, await TimeAsync(repeat, () => GetAsync(client, path)));
            }
            await app.StopAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    /// <summary>Uploads a small order file through the page's own form (with its antiforgery token); returns the preview's address.</summary>
    private static async Task<string> UploadAsync(HttpClient client)
    {
        var token = Token().Match(await GetAsync(client, "/import")).Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("order_id,customer_id,ordered_at,sku,quantity,unit_price,currency\nb1,c1,2026-06-01,s1,1,10.00,PLN\n"), "file", "bench.csv" },
        };
        using var response = await client.PostAsync("/import/upload", form);
        return response.Headers.Location?.ToString() ?? throw new InvalidOperationException($"The upload answered {(int)response.StatusCode}");
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
            $"  {what,-40} n {times.Count,4}  p50 {times[times.Count / 2],7:F1} ms  p95 {times[Math.Min(times.Count - 1, (int)(times.Count * 0.95))],7:F1} ms  max {times[^1],7:F1} ms"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
