using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Retain.Core.Demo;
using Retain.Core.Import;
using Retain.Core.Scores;
using Retain.Core.Storage;
using Retain.Server.Scores;
using Retain.Testing;

namespace Retain.Server.Tests;

/// <summary>The score endpoints and the background job through the real server pipeline, on SQLite and PostgreSQL.</summary>
public sealed class ScoreEndpointTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task SeedDemoShop(IServiceProvider services) =>
        await new DemoShopWriter(services.GetRequiredService<IDbContextFactory<RetainDbContext>>(), services.GetRequiredService<OrderImporter>())
            .WriteAsync(new DemoShopOptions { Customers = 300, EndDate = new DateOnly(2025, 6, 30), EventDays = 0 }, cancellationToken: Ct);

    private static async Task<string?> DatabaseFor(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? await PostgresServer.CreateDatabaseAsync("scores") : null;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Scores_Endpoints_ReturnTheNewestRun_And404ProblemDetails(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(await DatabaseFor(provider), SeedDemoShop);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(Ct);
        var customer = await db.Customers.Where(c => db.Orders.Any(o => o.CustomerId == c.Id)).OrderBy(c => c.Id).Select(c => c.ExternalId).FirstAsync(Ct);

        // Known but not scored yet, then unknown: both 404 ProblemDetails, told apart by title.
        var notScored = await app.Client.GetAsync($"/api/v1/customers/{customer}/scores", Ct);
        Assert.Equal(HttpStatusCode.NotFound, notScored.StatusCode);
        Assert.Equal("application/problem+json", notScored.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not scored yet", await notScored.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var unknown = await app.Client.GetAsync("/api/v1/customers/nobody-like-this/scores", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Unknown customer", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using (var profile = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/v1/customers/{customer}", Ct)))
            Assert.Equal(JsonValueKind.Null, profile.RootElement.GetProperty("scores").ValueKind);

        var run = (await app.Services.GetRequiredService<ScoreRunner>().RunAsync(false, new() { Draws = 20 }, cancellationToken: Ct)).Run!;
        using (var json = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/v1/customers/{customer}/scores", Ct)))
        {
            var r = json.RootElement;
            Assert.Equal(customer, r.GetProperty("customerId").GetString());
            Assert.Equal(run.ModelVersion, r.GetProperty("modelVersion").GetString());
            var stored = await db.CustomerScores.Where(s => s.RunId == run.Id && db.Customers.Any(c => c.Id == s.CustomerId && c.ExternalId == customer)).SingleAsync(Ct);
            Assert.Equal(stored.ChurnProbability, r.GetProperty("churnProbability").GetDouble(), 12);
            Assert.Equal(stored.ProbabilityAlive, r.GetProperty("probabilityAlive").GetProperty("value").GetDouble(), 12);
            Assert.Equal(stored.ProbabilityAliveLower, r.GetProperty("probabilityAlive").GetProperty("lower").GetDouble(), 12);
            Assert.Equal(JsonValueKind.Array, r.GetProperty("churnReasons").ValueKind);
        }
        // The customer profile carries the same newest scores.
        using (var profile = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/v1/customers/{customer}", Ct)))
        {
            var scores = profile.RootElement.GetProperty("scores");
            Assert.Equal(run.ModelVersion, scores.GetProperty("modelVersion").GetString());
            var stored = await db.CustomerScores.Where(s => s.RunId == run.Id && db.Customers.Any(c => c.Id == s.CustomerId && c.ExternalId == customer)).SingleAsync(Ct);
            Assert.Equal(stored.ChurnProbability, scores.GetProperty("churnProbability").GetDouble(), 12);
        }

        using (var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/scores?segment=at-risk&page=1&pageSize=10", Ct)))
        {
            var items = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("churnProbability").GetDouble()).ToList();
            Assert.Equal(await db.CustomerScores.CountAsync(s => s.ChurnProbability >= 0.5, Ct), json.RootElement.GetProperty("total").GetInt32());
            Assert.Equal(10, items.Count);
            Assert.Equal(items.OrderDescending(), items);
        }
        using (var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/scores?segment=vip", Ct)))
        {
            var values = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("clv12Months").GetProperty("value").GetDouble()).ToList();
            Assert.NotEmpty(values);
            Assert.Equal(values.OrderDescending(), values);
        }
    }

    [Theory]
    [InlineData("segment=churners", "segment")]
    [InlineData("segment=vip&page=0", "page")]
    [InlineData("segment=at-risk&pageSize=501", "pageSize")]
    public async Task Scores_BadQuery_Is400WithTheField(string query, string field)
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client.GetAsync($"/api/v1/scores?{query}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Job_RescoresWhenTheDataChanged_AndNotWhileAnotherServerHoldsTheLease()
    {
        await using var app = await TestApp.StartAsync(seed: SeedDemoShop, settings: new Dictionary<string, string?>
        {
            ["Retain:Scores:Enabled"] = "true",
            ["Retain:Scores:Interval"] = "00:00:01",
        });
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(Ct);
        // The job scores the freshly seeded shop by itself.
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (!await db.ScoreRuns.AnyAsync(Ct) && DateTime.UtcNow < deadline)
            await Task.Delay(500, Ct);
        var first = await db.ScoreRuns.SingleAsync(Ct);

        var job = app.Services.GetServices<IHostedService>().OfType<ScoreRefreshService>().Single();
        var leases = app.Services.GetRequiredService<JobLeases>();
        // Another server holds the lease: this one does not run, whatever the data.
        // The job's own tick may hold it for a moment; a release stamps the lease's expiry with the release time, so
        // each attempt must ask with the current time (a stale one can never win after the tick released it).
        deadline = DateTime.UtcNow.AddMinutes(4);
        while (!await leases.TryAcquireAsync(ScoreRefreshService.JobName, "other-server", TimeSpan.FromMinutes(5), DateTime.UtcNow, Ct))
        {
            Assert.True(DateTime.UtcNow < deadline, "the job never let go of its lease");
            await Task.Delay(100, Ct);
        }
        Assert.Null(await job.RunOnceAsync(Ct));
        await leases.ReleaseAsync(ScoreRefreshService.JobName, "other-server", DateTime.UtcNow, Ct);

        // Unchanged data: nothing new. Changed data: a new run.
        var unchanged = await job.RunOnceAsync(Ct);
        Assert.True(unchanged is null || unchanged.Run is null); // null when the background tick held the lease
        Assert.Equal(first.Id, (await db.ScoreRuns.AsNoTracking().SingleAsync(Ct)).Id);
        var order = await db.Orders.OrderBy(o => o.Id).FirstAsync(Ct);
        order.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(Ct);
        deadline = DateTime.UtcNow.AddMinutes(4);
        while (await db.ScoreRuns.AsNoTracking().AllAsync(r => r.Id == first.Id, Ct) && DateTime.UtcNow < deadline)
            await Task.Delay(500, Ct);
        Assert.True((await db.ScoreRuns.AsNoTracking().SingleAsync(Ct)).Id > first.Id);
    }
}
