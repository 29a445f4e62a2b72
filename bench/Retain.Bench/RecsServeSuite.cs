using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Demo;
using Retain.Core.Recommendations;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Hosting;

namespace Retain.Bench;

/// <summary>
/// `recs-serve [--customers N] [--rate R] [--seconds S] [--database PATH] [--retrain]`: the recommendation endpoint under an
/// open-loop load over loopback. Requests are sent on a fixed schedule (R a second, whatever the answers do) and each
/// latency is measured from its <b>scheduled</b> send time, so a stall delays every request behind it and shows in the
/// percentiles (no coordinated omission). The server is the real one (<see cref="ServerHost.Build"/>) over a demo shop
/// written to a temporary SQLite file (or an existing database); customers are drawn at random from those with orders.
/// Client and server share the process: the client's work is in the figures.
/// </summary>
internal static class RecsServeSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var at and >= 0 ? args[at + 1] : null;
        var customers = int.Parse(Value("--customers") ?? "20000", CultureInfo.InvariantCulture);
        var rate = int.Parse(Value("--rate") ?? "1000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Value("--seconds") ?? "30", CultureInfo.InvariantCulture);
        var existing = Value("--database");
        var directory = existing is null ? Directory.CreateTempSubdirectory("retain-recs-serve-").FullName : null;
        var database = existing ?? Path.Combine(directory!, "retain.db");
        try
        {
            var app = ServerHost.Build(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(BenchServer.Settings(database)),
                b => b.Services.AddSingleton<DemoShopWriter>());
            await using var _ = app;
            var clock = Stopwatch.StartNew();
            // An existing database is read as it is (it may come from a newer build's schema: only the purchase tables are read).
            if (existing is null)
            {
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                await app.Services.GetRequiredService<DemoShopWriter>().WriteAsync(new DemoShopOptions { Customers = customers, Seed = 42, EndDate = new DateOnly(2026, 6, 30) });
                Console.WriteLine($"demo shop of {customers:N0} customers written in {clock.Elapsed.TotalSeconds:F0} s");
            }
            if (args.Contains("--retrain"))
                await RetrainAsync(app.Services);
            if (seconds == 0)
                return 0;
            string[] ids;
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync())
                ids = await db.Customers.Where(c => db.Orders.Any(o => o.CustomerId == c.Id)).Select(c => c.ExternalId).OrderBy(id => id).ToArrayAsync();
            clock.Restart();
            var trainCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var snapshot = await app.Services.GetRequiredService<RecommendationService>().RebuildAsync(force: true, CancellationToken.None);
            Console.WriteLine($"trained on {snapshot.Model.Log.Count:N0} lines, {snapshot.Model.Log.Customers.Length:N0} customers, " +
                              $"{snapshot.Model.Log.Items.Length:N0} products in {clock.Elapsed.TotalSeconds:F1} s " +
                              $"(load, learn the blend, build; cpu {(Process.GetCurrentProcess().TotalProcessorTime - trainCpu).TotalSeconds:F1} s); {ids.Length:N0} customers with orders");
            await app.StartAsync();
            var (_, token) = await app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("bench", [ApiScopes.Read]);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri(app.Urls.First()),
            };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // Warm-up (JIT, connection pool) at the same rate, not counted.
            await OpenLoopAsync(client, ids, rate, Math.Max(5, seconds / 3), seed: 1);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (latencies, failures, sendLag) = await OpenLoopAsync(client, ids, rate, seconds, seed: 2);
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Array.Sort(latencies);
            double At(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT recs-serve {latencies.Length:N0} requests at {rate}/s for {seconds} s (open loop, latency from the scheduled send): " +
                $"p50 {At(.50):F2} ms, p90 {At(.90):F2} ms, p99 {At(.99):F2} ms, p99.9 {At(.999):F2} ms, max {latencies[^1]:F2} ms; " +
                $"failures {failures}; latest send behind schedule {sendLag:F1} ms; process cpu {cpuSeconds:F1} s ({cpuSeconds / seconds * 100:F0}% of one core)"));
            await app.StopAsync();
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            if (directory is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// What the rebuilder does every few minutes when orders changed: load the purchase lines and rebuild the model with
    /// the stored blend (no tuning), timed in wall and process CPU seconds beside the whole process's peak working set.
    /// </summary>
    private static async Task RetrainAsync(IServiceProvider services)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        RecommendationData data;
        await using (var db = await services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync())
            data = await RecommendationQueries.LoadAsync(db);
        var load = clock.Elapsed.TotalSeconds;
        // A stored blend skips the tuning; the weights themselves do not change the cost.
        var model = Analytics.Recommendations.Recommender.Fit(data.Log, data.LastPurchase.AddTicks(1), new() { ValidationWindow = null });
        _ = model.Together;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT retrain with the stored blend: {clock.Elapsed.TotalSeconds:F1} s wall (load {load:F1} s), cpu {cpuSeconds:F1} s; " +
            $"{data.Log.Count:N0} lines, {data.Log.Customers.Length:N0} customers, {data.Log.Items.Length:N0} products; " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (whole process)"));
    }

    /// <summary>
    /// Sends <paramref name="rate"/> requests a second for <paramref name="seconds"/> on a fixed schedule: a loop wakes
    /// about every millisecond and sends whatever is due, never waiting for answers.
    /// </summary>
    private static async Task<(double[] Latencies, int Failures, double SendLag)> OpenLoopAsync(HttpClient client, string[] ids, int rate, int seconds, int seed)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var failures = 0;
        var random = new Random(seed);
        var pending = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        var ticksPer = Stopwatch.Frequency / (double)rate;
        double sendLag = 0;
        for (var next = 0; next < total;)
        {
            var now = Stopwatch.GetTimestamp();
            while (next < total && start + (long)(next * ticksPer) <= now)
            {
                var scheduled = start + (long)(next * ticksPer);
                sendLag = Math.Max(sendLag, (now - scheduled) * 1000.0 / Stopwatch.Frequency);
                pending.Add(SendAsync(next, scheduled, ids[random.Next(ids.Length)]));
                next++;
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(pending);
        return (latencies, failures, sendLag);

        async Task SendAsync(int n, long scheduled, string customer)
        {
            // Off the scheduling loop: the request's own work never delays the next send.
            await Task.Yield();
            try
            {
                using var response = await client.GetAsync($"/api/v1/recommendations/customers/{Uri.EscapeDataString(customer)}?top=10");
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failures);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }
            latencies[n] = (Stopwatch.GetTimestamp() - scheduled) * 1000.0 / Stopwatch.Frequency;
        }
    }
}
