using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Demo;
using Retain.Core.Scores;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Hosting;

namespace Retain.Bench;

/// <summary>What the dashboard suites share: the real server over a demo shop, a signed-in client, and page timing.</summary>
internal static class DashboardBench
{
    private const string Email = "bench@retain.local";
    private const string Password = "bench password 123";

    /// <summary>
    /// Builds the server on a loopback port over <paramref name="database"/>, migrates it, writes and scores a demo shop
    /// of <paramref name="customers"/> when given (an existing database otherwise), starts it and signs an admin in.
    /// The caller disposes the app.
    /// </summary>
    public static async Task<(WebApplication App, HttpClient Client)> StartAsync(string database, int? customers, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            [$"{StorageOptions.SectionName}:Database"] = database,
            ["Retain:Scores:Enabled"] = "false",
            ["Retain:Loyalty:Job:Enabled"] = "false",
            ["Retain:Api:RateLimit:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var app = ServerHost.Build(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(values), b => b.Services.AddSingleton<DemoShopWriter>());
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        if (customers is { } count)
        {
            var clock = Stopwatch.StartNew();
            var demo = new DemoShopOptions { Customers = count, Seed = 42, EndDate = new DateOnly(2026, 6, 30) };
            await app.Services.GetRequiredService<DemoShopWriter>().WriteAsync(demo);
            await app.Services.GetRequiredService<ScoreRunner>().RunAsync(false);
            Console.WriteLine($"demo shop of {count:N0} customers written and scored in {clock.Elapsed.TotalSeconds:F0} s");
            // The loyalty programme with its year of history, as `retain demo` sets it up, so /loyalty shows a real one.
            clock.Restart();
            await app.Services.GetRequiredService<Retain.Core.Loyalty.LoyaltyDemo>().SetUpAsync(demo.End);
            Console.WriteLine($"loyalty programme set up in {clock.Elapsed.TotalSeconds:F0} s");
        }
        await app.Services.GetRequiredService<UserAccounts>().CreateOrResetAsync(Email, Password, UserRole.Admin);
        await app.StartAsync();
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = Email, password = Password })).EnsureSuccessStatusCode();
        return (app, client);
    }

    public static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<List<double>> TimeAsync(int count, Func<Task> action)
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

    public static void Report(string what, List<double> times)
    {
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-52} n {times.Count,4}  p50 {times[times.Count / 2],7:F1} ms  p95 {times[Math.Min(times.Count - 1, (int)(times.Count * 0.95))],7:F1} ms  max {times[^1],7:F1} ms"));
    }
}
