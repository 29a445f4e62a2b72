using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Retain.Analytics.Scoring;
using Retain.Core.Demo;
using Retain.Core.Import;
using Retain.Core.Scores;
using Retain.Core.Storage;
using Retain.Core.Tests.Storage;

namespace Retain.Core.Tests.Scores;

/// <summary><c>retain score</c>'s storage on both providers: a run replaces the previous one whole, the queries read the newest.</summary>
public sealed class ScoresStorageTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly ScoringOptions Fast = new() { Draws = 20 };

    private static async Task<TestDatabase> DemoShopAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var importer = new OrderImporter(database.Factory, TimeProvider.System, NullLogger<OrderImporter>.Instance);
        await new DemoShopWriter(database.Factory, importer).WriteAsync(
            new DemoShopOptions { Customers = 400, EndDate = new DateOnly(2025, 6, 30), EventDays = 0 }, cancellationToken: Ct);
        return database;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Score_StoresEveryBuyer_ReplacesTheRun_AndSkipsUnchangedData(DatabaseProvider provider)
    {
        await using var database = await DemoShopAsync(provider);
        var runner = new ScoreRunner(database.Factory, TimeProvider.System);
        await using var db = database.NewContext();
        var buyers = await db.Orders.Where(o => o.CustomerId != null && o.Status != Retain.Core.Orders.OrderStatus.Cancelled)
            .Select(o => o.CustomerId).Distinct().CountAsync(Ct);

        var first = (await runner.RunAsync(false, Fast, cancellationToken: Ct)).Run!;
        Assert.Equal(buyers, first.Customers);
        Assert.Equal(buyers, await db.CustomerScores.CountAsync(s => s.RunId == first.Id, Ct));
        Assert.EndsWith("/2025-07-01", first.ModelVersion, StringComparison.Ordinal);
        Assert.StartsWith("bgnbd+gg", first.ModelVersion, StringComparison.Ordinal);

        // Every stored interval holds its point value.
        var rows = await db.CustomerScores.AsNoTracking().ToListAsync(Ct);
        Assert.All(rows, s =>
        {
            Assert.InRange(s.ProbabilityAlive, s.ProbabilityAliveLower - 1e-12, s.ProbabilityAliveUpper + 1e-12);
            Assert.InRange(s.ProbabilityNoPurchase90, s.ProbabilityNoPurchase90Lower - 1e-12, s.ProbabilityNoPurchase90Upper + 1e-12);
            Assert.InRange(s.ChurnProbability, 0, 1);
        });

        // RFM at the data cutoff, as the Measure module computes it, for every scored customer; the lists' sizes on the run.
        var rfm = Retain.Analytics.Measure.Rfm.Score(await ShopDataQueries.LoadAsync(db, Ct), first.DataCutoff).Customers.ToDictionary(c => c.ExternalId);
        var externalIds = await db.Customers.ToDictionaryAsync(c => c.Id, c => c.ExternalId, Ct);
        Assert.All(rows, s =>
        {
            var expected = rfm[externalIds[s.CustomerId]];
            Assert.Equal((expected.R, expected.F, expected.M), ((int)s.RecencyScore!, (int)s.FrequencyScore!, (int)s.MonetaryScore!));
        });
        Assert.Equal(rows.Count(s => s.ChurnProbability >= ScoreQueries.AtRiskThreshold), first.AtRiskCustomers);
        Assert.Equal(rows.Count(s => s.Clv12Months >= first.VipThreshold), first.VipCustomers);
        Assert.InRange(first.VipCustomers, 1, first.Customers / 5);

        // A customer's latest scores read back as stored.
        var sample = rows[rows.Count / 2];
        var externalId = await db.Customers.Where(c => c.Id == sample.CustomerId).Select(c => c.ExternalId).SingleAsync(Ct);
        var latest = await ScoreQueries.LatestAsync(db, externalId, Ct);
        Assert.NotNull(latest);
        Assert.Equal(first.ModelVersion, latest.ModelVersion);
        Assert.Equal(sample.ChurnProbability, latest.ChurnProbability, 12);
        Assert.Equal(sample.ExpectedPurchases90, latest.ExpectedPurchases90Days.Value, 12);
        var sampleRfm = rfm[externalId];
        Assert.Equal(new RfmScores(sampleRfm.R, sampleRfm.F, sampleRfm.M, ScoredSegments.RfmName(sampleRfm.Segment)), latest.Rfm);
        Assert.Null(await ScoreQueries.LatestAsync(db, "no-such-customer", Ct));

        // Unchanged data: the job's check does nothing.
        Assert.Null((await runner.RunAsync(true, Fast, cancellationToken: Ct)).Run);

        // A new run replaces the old one whole.
        var second = (await runner.RunAsync(false, Fast, cancellationToken: Ct)).Run!;
        Assert.True(second.Id > first.Id);
        Assert.Equal(buyers, await db.CustomerScores.CountAsync(Ct));
        Assert.Equal(0, await db.CustomerScores.CountAsync(s => s.RunId != second.Id, Ct));
        Assert.Equal(1, await db.ScoreRuns.CountAsync(Ct));
        Assert.Equal(second.ModelVersion, (await ScoreQueries.LatestAsync(db, externalId, Ct))!.ModelVersion);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Pages_AreTheSegmentInOrder(DatabaseProvider provider)
    {
        await using var database = await DemoShopAsync(provider);
        await new ScoreRunner(database.Factory, TimeProvider.System).RunAsync(false, Fast, cancellationToken: Ct);
        await using var db = database.NewContext();

        var atRisk = await db.CustomerScores.CountAsync(s => s.ChurnProbability >= ScoreQueries.AtRiskThreshold, Ct);
        var page1 = await ScoreQueries.PageAsync(db, ScoreSegment.AtRisk, 1, 25, Ct);
        var page2 = await ScoreQueries.PageAsync(db, ScoreSegment.AtRisk, 2, 25, Ct);
        Assert.Equal(atRisk, page1.Total);
        Assert.Equal(25, page1.Items.Count);
        var both = page1.Items.Concat(page2.Items).Select(i => i.ChurnProbability).ToList();
        Assert.Equal(both.OrderDescending(), both);
        Assert.Empty(page1.Items.Select(i => i.CustomerId).Intersect(page2.Items.Select(i => i.CustomerId)));

        var run = await db.ScoreRuns.SingleAsync(Ct);
        var vip = await ScoreQueries.PageAsync(db, ScoreSegment.Vip, 1, 500, Ct);
        Assert.Equal(await db.CustomerScores.CountAsync(s => s.Clv12Months >= run.VipThreshold, Ct), vip.Total);
        Assert.InRange(vip.Total, 1, run.Customers / 5);
        Assert.All(vip.Items, i => Assert.True(i.Clv12Months!.Value >= run.VipThreshold));
        Assert.Equal(vip.Items.Select(i => i.Clv12Months!.Value).OrderDescending(), vip.Items.Select(i => i.Clv12Months!.Value));
    }
}
