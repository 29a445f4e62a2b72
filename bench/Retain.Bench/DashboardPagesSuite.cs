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

using static Retain.Bench.DashboardBench;

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
        var (app, client) = await DashboardBench.StartAsync(Path.Combine(directory, "demo.db"), customers);
        await using (app)
        using (client)
        {
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
            // The back-test sections are cached in both languages: the Polish page should cost what the English one does.
            for (var i = 0; i < 3; i++)
                await GetPolishAsync(client, "/models");
            Console.WriteLine($"  /models is {(await GetAsync(client, "/models")).Length / 1024} K characters in English, {(await GetPolishAsync(client, "/models")).Length / 1024} K in Polish");
            Report("/models (Polish)", await TimeAsync(repeat, () => GetPolishAsync(client, "/models")));
            await app.StopAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    private static async Task<string> GetPolishAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd("pl-PL");
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !html.Contains("<h2>Parametry</h2>", StringComparison.Ordinal))
            throw new InvalidOperationException($"GET {path} in Polish answered {(int)response.StatusCode} without the Polish back-test");
        return html;
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

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
