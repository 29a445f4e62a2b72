using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Retain.Analytics.Scoring;
using Retain.Core.Demo;
using Retain.Core.Import;
using Retain.Core.Loyalty;
using Retain.Core.Scores;
using Retain.Core.Storage;
using Retain.Core.Tests.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>The rule simulation: pure replays on fixed data, and agreement with the real ledger on a demo shop.</summary>
public sealed class LoyaltySimulationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = LoyaltyTestContext.Start;

    private static SimOrder Order(long id, long? customer, int day, decimal amount, int quantity = 1) =>
        new(id, customer, T0.AddDays(day), [new EarnLine("1", quantity, amount)]);

    [Fact]
    public void Run_UpgradesAtOnce_ReversesRefunds_AndCountsGuestsInRevenueOnly()
    {
        var rules = new LoyaltyRules
        {
            PointsPerUnit = 1m, PendingPeriod = TimeSpan.FromDays(30), ExpiryPeriod = TimeSpan.FromDays(60),
            Tiers = [new("Silver", 100m, 2m)],
        };
        SimOrder[] orders = [Order(1, 7, 0, 120m), Order(2, 7, 5, 50m), Order(3, null, 6, 1000m), Order(4, 8, 100, 40m, quantity: 2)];
        SimRefund[] refunds = [new(4, T0.AddDays(101), [new RefundQuantity("1", 1)]), new(4, T0.AddDays(102), [new RefundQuantity("1", 5)])];

        var outcome = LoyaltySimulator.Run(rules, orders, refunds, T0.AddDays(120));

        // Order 1 makes customer 7 Silver at once, so order 2 earns double; the second refund asks too much and is refused whole.
        outcome.OrderPoints.Should().BeEquivalentTo(new Dictionary<long, long> { [1] = 120, [2] = 100, [4] = 40 });
        (outcome.PointsEarned, outcome.PointsReversed).Should().Be((260L, 20L));
        // Orders 1 and 2 were released on days 30/35 and expired on days 90/95; order 4's 20 left is available from day 130.
        (outcome.ExpiredByEnd, outcome.AvailableAtEnd, outcome.PendingAtEnd).Should().Be((220L, 0L, 20L));
        outcome.Revenue.Should().Be(120m + 50m + 1000m + 40m - 20m);
        outcome.TierAtEnd.Should().BeEquivalentTo(new Dictionary<long, string?> { [7] = "Silver", [8] = null });
    }

    [Fact]
    public void Report_ComparesWithTheCurrentRules_AndPricesAtTheRedemptionRate()
    {
        var current = new LoyaltyRules { Tiers = [new("Silver", 100m, 1m)] };
        var proposed = new LoyaltyRules { PointsPerUnit = 2m, Tiers = [new("Silver", 50m, 1m), new("Gold", 150m, 1m)] };
        var data = new SimulationData(T0, T0.AddDays(200), [Order(1, 1, 0, 60m), Order(2, 2, 0, 120m), Order(3, 3, 0, 10m)], []);
        var breakage = LoyaltyLiability.Breakage(new ResolvedLots(0, 0, 0));

        var report = LoyaltySimulation.Report(data, proposed, 0.01m, current, 0.01m, breakage, "PLN");

        report.Proposed.NetIssued.Should().Be(380);
        report.Proposed.ExpectedCost.Should().Be(Math.Round(380 * 0.01m * (1 - LoyaltyLiability.DefaultBreakage), 2));
        report.Proposed.CostPercentOfRevenue.Should().Be(Math.Round(report.Proposed.ExpectedCost / 190m * 100m, 3));
        report.Current!.NetIssued.Should().Be(190);
        // Customer 1: none → Silver; 2: Silver → Silver (same rank); 3: none → none.
        report.Moves.Should().Be(new TierMoves(Up: 1, Down: 0, Same: 2));
        report.Proposed.Tiers.Should().Equal(new TierCount(null, 1), new TierCount("Silver", 2));
    }

    private static async Task<TestDatabase> DemoShopAsync(DatabaseProvider provider, int customers)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var importer = new OrderImporter(database.Factory, TimeProvider.System, NullLogger<OrderImporter>.Instance);
        await new DemoShopWriter(database.Factory, importer).WriteAsync(
            new DemoShopOptions { Customers = customers, Seed = 11, EndDate = new DateOnly(2025, 6, 30), EventDays = 0 }, cancellationToken: Ct);
        return database;
    }

    private static readonly DateTime End = new(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Simulation_OfTheLiveRules_GivesWhatTheLedgerGave_OrderByOrder(DatabaseProvider provider)
    {
        await using var database = await DemoShopAsync(provider, customers: 150);
        var clock = new ManualClock(End);
        var ledger = new LoyaltyLedger(database.Factory, new SqliteWriteGate(), clock, Microsoft.Extensions.Options.Options.Create(new LoyaltyOptions()));
        // Segment campaigns read the newest score run, in the ledger and in the simulation alike.
        await new ScoreRunner(database.Factory, TimeProvider.System).RunAsync(false, new ScoringOptions { Draws = 20 }, cancellationToken: Ct);
        // Low thresholds so that tiers, their perks and their reviews all happen in a small shop.
        var rules = LoyaltyDemo.Rules with
        {
            Tiers = [new("Silver", 150m, 1.25m), new("Gold", 600m, 1.5m)], TierPeriod = TimeSpan.FromDays(120),
            Campaigns =
            [
                new BonusCampaign("VIPs and champions", End.AddYears(-1), End, 3m, Segments: [ScoredSegments.Vip, "rfm:champions"]),
                new BonusCampaign("Win back", End.AddMonths(-6), End.AddMonths(-3), 2m, Segments: [ScoredSegments.AtRisk]),
            ],
        };
        await new LoyaltyProgramme(database.Factory, clock).PublishAsync(rules, End.AddYears(-1), Ct);
        SimulationData data;
        Dictionary<long, string> refs;
        IReadOnlyDictionary<long, SegmentMembership> segments;
        await using (var db = database.NewContext())
        {
            data = await LoyaltySimulationData.LoadAsync(db, End.AddYears(-1), End, Ct);
            segments = await SegmentMembershipQueries.AllAsync(db, Ct);
            refs = await db.Orders.ToDictionaryAsync(o => o.Id, o => o.ExternalId, Ct);
        }
        data.Refunds.Should().NotBeEmpty();

        // The live ledger, fed the same orders and refunds in time order (as the feed does when it keeps up).
        foreach (var (order, refund) in LoyaltySimulator.Timeline(data.Orders, data.Refunds))
        {
            if (order is { CustomerId: { } customer })
                await ledger.EarnAsync(new EarnForOrder(refs[order.OrderId], customer, order.PlacedAt, order.Lines), Ct);
            else if (refund is not null)
            {
                try
                {
                    await ledger.RefundAsync(new RefundOrder($"r:{refund.OrderId}:{refund.At:O}", refs[refund.OrderId], refund.Lines), Ct);
                }
                catch (LoyaltyException)
                {
                    // A guest's order, or more units than are left: refused, and the simulation must skip it too.
                }
            }
        }
        await ledger.ReleasePendingAsync(End, Ct);
        await ledger.ReviewTiersAsync(End, Ct);

        var outcome = LoyaltySimulator.Run(rules, data.Orders, data.Refunds, End, segments);
        LoyaltySimulator.Run(rules, data.Orders, data.Refunds, End).PointsEarned.Should()
            .BeLessThan(outcome.PointsEarned, "the segment campaigns should have given some orders a bonus");

        await using var check = database.NewContext();
        var awarded = await check.LoyaltyOrderAwards.ToDictionaryAsync(a => a.OrderRef, a => a.Points, Ct);
        outcome.OrderPoints.ToDictionary(p => refs[p.Key], p => p.Value).Should().BeEquivalentTo(awarded);
        var tiers = await check.LoyaltyMembers.ToDictionaryAsync(m => m.CustomerId, m => m.Tier, Ct);
        outcome.TierAtEnd.Should().BeEquivalentTo(tiers);
        tiers.Values.Distinct().Should().HaveCountGreaterThan(2, "the shop should exercise every tier");
        var reversed = await check.LoyaltyReversalLines.SumAsync(r => r.Points, Ct);
        outcome.PointsReversed.Should().Be(reversed);
        var balances = await check.LoyaltyMembers.GroupBy(m => 1).Select(g => new { Pending = g.Sum(m => m.Pending), Available = g.Sum(m => m.Available) }).SingleAsync(Ct);
        (outcome.PendingAtEnd, outcome.AvailableAtEnd).Should().Be((balances.Pending, balances.Available));
    }

    [Fact]
    public async Task Loader_ReadsOrdersAsTheFeedEarnsThem()
    {
        await using var database = await DemoShopAsync(DatabaseProvider.Sqlite, customers: 120);
        var clock = new ManualClock(End);
        var ledger = new LoyaltyLedger(database.Factory, new SqliteWriteGate(), clock, Microsoft.Extensions.Options.Options.Create(new LoyaltyOptions()));
        // No tiers: then an order's points do not depend on what came before, and the feed's order (all orders, then refunds) does not matter.
        var rules = new LoyaltyRules { PointsPerUnit = 1.5m, CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 3m } };
        await new LoyaltyProgramme(database.Factory, clock).PublishAsync(rules, End.AddYears(-1), Ct);
        var feed = new LoyaltyOrderFeed(database.Factory, ledger, NullLogger<LoyaltyOrderFeed>.Instance);
        await feed.WaitForCommittedAsync(Ct);
        while ((await feed.EarnNextAsync(500, Ct)).Read > 0) { }
        while ((await feed.RefundNextAsync(500, Ct)).Read > 0) { }

        await using var db = database.NewContext();
        var data = await LoyaltySimulationData.LoadAsync(db, End.AddYears(-1), End, Ct);
        var outcome = LoyaltySimulator.Run(rules, data.Orders, data.Refunds, End);
        var refs = await db.Orders.ToDictionaryAsync(o => o.Id, o => o.ExternalId, Ct);

        var awarded = await db.LoyaltyOrderAwards.ToDictionaryAsync(a => a.OrderRef, a => a.Points, Ct);
        awarded.Should().NotBeEmpty();
        outcome.OrderPoints.ToDictionary(p => refs[p.Key], p => p.Value).Should().BeEquivalentTo(awarded);
        outcome.PointsReversed.Should().Be(await db.LoyaltyReversalLines.SumAsync(r => r.Points, Ct));
    }
}
