using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Retain.Server.Hosting;

namespace Retain.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Retain.Bench -- api [sqlite|postgres] [--orders N] [--concurrency C] [--reads N] [--warmup N|auto]
/// [--read-rates 200,400,800 [--rate-seconds S]]`:
/// starts the real server (Kestrel on a loopback port, the same <see cref="ServerHost.Build"/> as <c>retain serve</c>)
/// on a fresh database, then drives it over HTTP from C concurrent clients in the same process: order upserts with
/// 5 lines (a third of them from a returning customer), then customer reads with metrics and timeline.
/// Prints throughput, p50/p99 latency and the process's CPU-seconds per 1,000 requests (server and clients: the one
/// figure that stays comparable when other work shares the machine); with --read-rates also open-loop reads at fixed rates. The rate limit and the background jobs (scores, loyalty) are switched off;
/// everything else is as in production. The warm-up is long because the runtime keeps recompiling hot methods (tiered
/// compilation with dynamic PGO) for tens of seconds: a profile 25 s into a run with a 500-order warm-up found the JIT's
/// background thread in a third of the CPU samples. A server runs for days, so its steady state is what the figures
/// should show. By default the warm-up runs until that steady state (<see cref="WarmUpAsync"/>); <c>--warmup N</c>
/// runs exactly N orders instead, as the figures before session 7 did.
/// </summary>
internal static class ApiLoadSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "sqlite";
        int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var orders = Arg("--orders", 20_000);
        var concurrency = Arg("--concurrency", 16);
        var reads = Arg("--reads", 20_000);
        // "auto" (the default): until the CPU per order stops falling; a number: exactly that many orders.
        var warmup = Array.IndexOf(args, "--warmup") is var w and >= 0 && args[w + 1] != "auto" ? int.Parse(args[w + 1], CultureInfo.InvariantCulture) : (int?)null;
        // Open-loop reads: requests sent on a fixed schedule at each rate, for --rate-seconds each.
        var readRates = Array.IndexOf(args, "--read-rates") is var r and >= 0
            ? args[r + 1].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray()
            : [];
        var rateSeconds = Arg("--rate-seconds", 10);

        await using (var server = await BenchServer.StartAsync(provider, concurrency))
        {
            var client = server.Client;
            DatabaseCpu = provider == "postgres" ? server.DatabaseCpuSeconds : null;
            var customers = Math.Max(1, orders * 2 / 3);
            Console.WriteLine($"{provider}: {orders:N0} orders × 5 lines, {concurrency} concurrent clients, {Environment.ProcessorCount} cores");

            if (warmup is { } fixedWarmup)
            {
                await DriveAsync("warm-up", fixedWarmup, concurrency, i => PutOrder(client, $"warm-{i}", i % 300));
                await DriveAsync("warm-up reads", Math.Min(fixedWarmup, 2_000), concurrency, i => GetCustomer(client, i % 300));
            }
            else
            {
                // The reads have hot methods of their own (a fixed 2,000 warm-up reads still ran at 4 CPU-s per 1,000).
                await WarmUpAsync("warm-up", concurrency, (window, i) => PutOrder(client, $"warm-{window}-{i}", i % 300));
                await WarmUpAsync("warm-up reads", concurrency, (_, i) => GetCustomer(client, i % 300));
            }
            var batches = server.App.Services.GetRequiredService<Retain.Server.Api.SqliteWriteBatches>();
            var batchesBefore = batches.Batches;
            var write = await DriveAsync("orders", orders, concurrency, i => PutOrder(client, $"bench-{i}", i % customers));
            if (batches.Batches > batchesBefore)
                Console.WriteLine($"  SQLite group commit: {batches.Batches - batchesBefore:N0} transactions, {(double)orders / (batches.Batches - batchesBefore):F1} orders each");
            var read = await DriveAsync("customer reads", reads, concurrency, i => GetCustomer(client, (int)((uint)(i * 2_654_435_761L) % (uint)customers)));
            foreach (var rate in readRates)
            {
                var fixedRate = await OpenLoopAsync($"reads at {rate}/s", rate, rateSeconds, i => GetCustomer(client, (int)((uint)(i * 2_654_435_761L) % (uint)customers)));
                Console.WriteLine($"RESULT {provider} open-loop reads {rate}/s: achieved {fixedRate.PerSecond:F0}/s p50 {fixedRate.P50:F2} ms p99 {fixedRate.P99:F2} ms");
            }
            Console.WriteLine($"RESULT {provider} orders/s {write.PerSecond:F0} p50 {write.P50:F1} ms p99 {write.P99:F1} ms; reads/s {read.PerSecond:F0} p50 {read.P50:F2} ms p99 {read.P99:F2} ms");
        }
        return 0;
    }

    internal sealed record Figures(double PerSecond, double P50, double P99, double CpuPerThousand = 0);

    /// <summary>Requests per warm-up window, and the most windows before the warm-up gives up waiting for a steady state.</summary>
    internal const int WarmUpWindow = 2_000, MaxWarmUpWindows = 25;

    /// <summary>
    /// Warm-up windows of <see cref="WarmUpWindow"/> requests until the steady state: stops once three windows in a row
    /// cost no less CPU per request than the cheapest window before them (within 3%), after at least five windows (two
    /// in a row and three windows stopped a run at 8,000 orders on a loaded machine while the JIT was far from done).
    /// CPU per request rather than requests per second: it is what the JIT's work inflates, and neighbours on a shared
    /// machine move it far less than they move the rate. Gives up after <see cref="MaxWarmUpWindows"/> windows.
    /// </summary>
    internal static async Task WarmUpAsync(string name, int concurrency, Func<int, int, Task<HttpResponseMessage>> send)
    {
        var best = double.MaxValue;
        var flat = 0;
        for (var window = 0; window < MaxWarmUpWindows; window++)
        {
            var figures = await DriveAsync($"{name} {window + 1}", WarmUpWindow, concurrency, i => send(window, i));
            flat = figures.CpuPerThousand < best * 0.97 ? 0 : flat + 1;
            best = Math.Min(best, figures.CpuPerThousand);
            if (window >= 4 && flat >= 3)
            {
                Console.WriteLine($"  {name}: steady after {(window + 1) * WarmUpWindow:N0} requests");
                return;
            }
        }
        Console.WriteLine($"  {name}: no steady state after {MaxWarmUpWindows * WarmUpWindow:N0} requests; measuring anyway");
    }

    /// <summary>CPU-seconds of the database server so far (PostgreSQL's backends), printed per 1,000 requests beside the process's own.</summary>
    internal static Func<double>? DatabaseCpu { get; set; }

    private static string DatabaseCpuPerThousand(double before, int count) =>
        DatabaseCpu is { } cpu ? string.Create(CultureInfo.InvariantCulture, $"  db cpu {(cpu() - before) * 1000 / count:F2} s/1000") : "";

    internal static async Task<Figures> DriveAsync(string name, int count, int concurrency, Func<int, Task<HttpResponseMessage>> send)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var databaseCpuBefore = DatabaseCpu?.Invoke() ?? 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await send(i);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failures);
            }
        }));
        total.Stop();
        // CPU of the whole process (server and the in-process clients): unlike wall-clock rates, comparable on a busy machine.
        var cpuPerThousand = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds * 1000 / count;
        Array.Sort(latencies);
        var figures = new Figures(count / total.Elapsed.TotalSeconds, latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.99))], cpuPerThousand);
        Console.WriteLine($"  {name,-15} {count,8:N0} in {total.Elapsed.TotalSeconds,6:F2} s = {figures.PerSecond,8:F0}/s  p50 {figures.P50,7:F2} ms  p99 {figures.P99,7:F2} ms  failures {failures}  cpu {cpuPerThousand:F2} s/1000{DatabaseCpuPerThousand(databaseCpuBefore, count)}");
        if (failures > 0)
            throw new InvalidOperationException($"{failures} {name} requests failed");
        return figures;
    }

    /// <summary>
    /// Open loop: request i is due at start + i / rate, whether or not earlier ones have answered, and its latency runs
    /// from when it was due — so time spent queueing (in the client, the sockets or the server) counts, unlike in the
    /// closed loop, where a slow answer also delays the next request and hides the wait.
    /// </summary>
    internal static async Task<Figures> OpenLoopAsync(string name, int rate, int seconds, Func<int, Task<HttpResponseMessage>> send)
    {
        var count = rate * seconds;
        var latencies = new double[count];
        var failures = 0;
        var inFlight = new List<Task>(count);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
                await Task.Delay(1);
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                using var response = await send(index);
                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failures);
            }));
        }
        await Task.WhenAll(inFlight);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuPerThousand = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds * 1000 / count;
        Array.Sort(latencies);
        var figures = new Figures(count / elapsed.TotalSeconds, latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.99))]);
        Console.WriteLine($"  {name,-15} {count,8:N0} in {elapsed.TotalSeconds,6:F2} s = {figures.PerSecond,8:F0}/s  p50 {figures.P50,7:F2} ms  p99 {figures.P99,7:F2} ms  failures {failures}  cpu {cpuPerThousand:F2} s/1000");
        if (failures > 0)
            throw new InvalidOperationException($"{failures} {name} requests failed");
        return figures;
    }

    private static Task<HttpResponseMessage> PutOrder(HttpClient client, string id, int customer) =>
        client.PutAsJsonAsync($"/api/v1/orders/{id}", new
        {
            customerExternalId = $"cust-{customer}",
            placedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(customer * 7 + id.Length),
            currency = "PLN",
            lines = Enumerable.Range(1, 5).Select(n => new { lineNo = n, sku = $"SKU-{(customer * 5 + n) % 200}", name = $"Product {n}", quantity = 1 + n % 3, unitPrice = 9.99m * n }).ToArray(),
        });

    private static Task<HttpResponseMessage> GetCustomer(HttpClient client, int customer) => client.GetAsync($"/api/v1/customers/cust-{customer}");
}
