using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;
using Retain.Core.Storage;

namespace Retain.Bench;

/// <summary>
/// `loyalty-api [sqlite|postgres] [--members M] [--commands N] [--concurrency C] [--warmup W]`: the real server on a fresh database
/// (<see cref="BenchServer"/>, as in <see cref="ApiLoadSuite"/>), M customers, then N earn commands (points for an action, POST …/awards) and N
/// redemptions (POST …/redemptions, 10 points each) over HTTP from C concurrent clients, each with its own
/// Idempotency-Key, spread over the members so that some commands for one member race. The loyalty job is off.
/// <para>
/// `loyalty-sim --db PATH [--months 12] [--end yyyy-MM-dd]`: the rule simulation over a SQLite shop opened read-only
/// (the 1M demo shop), the demo programme's rules proposed, the year ending at <c>--end</c> (default: the last order).
/// </para>
/// </summary>
internal static class LoyaltySuite
{
    private static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    public static async Task<int> RunApiAsync(string[] args)
    {
        var provider = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "sqlite";
        int Int(string name, int fallback) => Arg(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var members = Int("--members", 1_000);
        var commands = Int("--commands", 10_000);
        var concurrency = Int("--concurrency", 16);
        // Long enough for tiered compilation to settle (see ApiLoadSuite): a server's steady state is what counts.
        var warmup = Int("--warmup", 2_000);

        await using (var server = await BenchServer.StartAsync(provider, concurrency, "bench_loyalty"))
        {
            var client = server.Client;
            (await client.PutAsJsonAsync("/api/v1/loyalty/programme", new
            {
                rules = new { pointsPerUnit = 1, pendingPeriod = "00:00:00", expiryPeriod = "365.00:00:00", actionRewards = new { review = 25 } },
                effectiveFrom = "2020-01-01T00:00:00Z",
            })).EnsureSuccessStatusCode();
            // Yesterday: the points are spendable now (an older action's lot could already have expired).
            var occurredAt = DateTime.UtcNow.Date.AddDays(-1);
            Console.WriteLine($"{provider}: {members:N0} members, {commands:N0} earns then {commands:N0} redemptions, {concurrency} concurrent clients, {Environment.ProcessorCount} cores");
            await ApiLoadSuite.DriveAsync("customers", members, concurrency, i => client.PutAsJsonAsync($"/api/v1/customers/m-{i}", new { email = $"m{i}@bench.test" }));
            using (var probe = await Command(client, "/api/v1/loyalty/members/m-0/awards", new { action = "review", occurredAt }, "probe"))
            {
                if (!probe.IsSuccessStatusCode)
                    throw new InvalidOperationException($"An earn command failed: {(int)probe.StatusCode} {await probe.Content.ReadAsStringAsync()}");
            }
            await ApiLoadSuite.DriveAsync("warm-up", warmup, concurrency, i => Command(client, $"/api/v1/loyalty/members/m-{i % members}/awards", new { action = "review", occurredAt }, $"warm-{i}"));
            var earn = await ApiLoadSuite.DriveAsync("earn", commands, concurrency,
                i => Command(client, $"/api/v1/loyalty/members/m-{i % members}/awards", new { action = "review", occurredAt }, $"earn-{i}"));
            var redeem = await ApiLoadSuite.DriveAsync("redeem", commands, concurrency,
                i => Command(client, $"/api/v1/loyalty/members/m-{i % members}/redemptions", new { points = 10 }, $"redeem-{i}"));
            Console.WriteLine($"RESULT {provider} earn/s {earn.PerSecond:F0} p50 {earn.P50:F1} ms p99 {earn.P99:F1} ms; redeem/s {redeem.PerSecond:F0} p50 {redeem.P50:F1} ms p99 {redeem.P99:F1} ms");
        }
        return 0;
    }

    private static Task<HttpResponseMessage> Command(HttpClient client, string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static async Task<int> RunSimulationAsync(string[] args)
    {
        if (Arg(args, "--db") is not { } path || !File.Exists(path))
        {
            Console.Error.WriteLine("loyalty-sim: --db PATH to a SQLite shop is required.");
            return 2;
        }
        var months = Arg(args, "--months") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : 12;
        // Read-only: the shop may be someone else's; nothing here writes, and the connection cannot.
        var options = new DbContextOptionsBuilder<RetainDbContext>().UseSqlite($"Data Source={path};Mode=ReadOnly").Options;
        await using var db = new RetainDbContext(options);
        var end = Arg(args, "--end") is { } e
            ? DateTime.SpecifyKind(DateTime.Parse(e, CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : (await db.Orders.MaxAsync(o => o.PlacedAt)).AddSeconds(1);
        var memory = GC.GetTotalMemory(false);
        var clock = Stopwatch.StartNew();
        var data = await LoyaltySimulationData.LoadAsync(db, end.AddMonths(-months), end, CancellationToken.None);
        var load = clock.Elapsed;
        var peak = GC.GetTotalMemory(false) - memory;
        clock.Restart();
        var outcome = LoyaltySimulator.Run(LoyaltyDemo.Rules, data.Orders, data.Refunds, end);
        var replay = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT loyalty-sim {data.Orders.Count:N0} orders, {data.Refunds.Count:N0} refunds, {outcome.Members:N0} members, {months} months to {end:yyyy-MM-dd}: " +
            $"load {load.TotalSeconds:F1} s, replay {replay.TotalSeconds:F1} s ({data.Orders.Count / replay.TotalSeconds:N0} orders/s), ~{peak / 1_048_576:N0} MB held; " +
            $"{outcome.NetIssued:N0} points net, tiers {string.Join(", ", outcome.TierAtEnd.Values.GroupBy(t => t ?? "none").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}"))}"));
        return 0;
    }
}
