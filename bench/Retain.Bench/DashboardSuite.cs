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

using static Retain.Bench.DashboardBench;

namespace Retain.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Retain.Bench -- dashboard [--db FILE | --customers N] [--repeat R] [--walk P] [--lists-only]`:
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
        var (app, client) = await DashboardBench.StartAsync(database, Opt("--db") is null ? int.Parse(Opt("--customers") ?? "20000", CultureInfo.InvariantCulture) : null,
            new Dictionary<string, string?> { ["Retain:Measure:CacheFor"] = "01:00:00" });
        await using (app)
        using (client)
        {
            Console.WriteLine($"{database}; {Environment.ProcessorCount} cores; {repeat} timed requests per page after 3 warm-ups");

            // --lists-only: the customer lists alone, which read the database per page and never load the whole shop
            // (the 1,000,000-customer goal is about them; the analytics pages' first load there takes minutes).
            var listsOnly = args.Contains("--lists-only");
            if (!listsOnly)
            {
                var load = Stopwatch.StartNew();
                await GetAsync(client, "/");
                Console.WriteLine($"  first page (loads the shop's data into the measurement cache): {load.Elapsed.TotalMilliseconds:F0} ms");
            }
            var customerId = CustomerRow().Match(await GetAsync(client, "/at-risk")) is { Success: true } row ? row.Groups[1].Value
                : throw new InvalidOperationException("the at-risk list is empty: is the shop scored?");
            string[] analytics = ["/", "/?from=2025-01-01&to=2025-12-31", "/cohorts", "/cohorts?grain=week", "/segments", "/segments?segment=champions", "/loyalty"];
            string[] lists = ["/customers", "/customers?q=anna", $"/customers/{customerId}", "/at-risk", "/vip", "/at-risk?page=20", "/definitions"];
            foreach (var path in listsOnly ? lists : [.. analytics, .. lists])
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

    [GeneratedRegex("<tr data-id=\"([^\"]+)\"")]
    private static partial Regex CustomerRow();

    [GeneratedRegex("rel=\"next\" href=\"/customers\\?after=(\\d+)\"")]
    private static partial Regex NextLink();
}
