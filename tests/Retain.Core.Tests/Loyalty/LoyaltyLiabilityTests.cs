using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>The liability report: figures that equal the ledger, breakage measured on resolved lots or the default.</summary>
public sealed class LoyaltyLiabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = LoyaltyTestContext.Start;

    [Theory]
    [InlineData(99, 100, 100, 0.30, false)]
    [InlineData(100, 0, 0, 0.30, false)]
    [InlineData(800, 0, 5000, 0.30, false)]
    [InlineData(100, 300, 100, 0.25, true)]
    [InlineData(500, 1, 2, 0.6667, true)]
    public void Breakage_IsMeasuredOnlyOnEnoughResolvedLots(int lots, long redeemed, long unredeemed, double expected, bool fromHistory)
    {
        var estimate = LoyaltyLiability.Breakage(new ResolvedLots(lots, redeemed, unredeemed));

        estimate.Rate.Should().Be((decimal)expected);
        estimate.FromHistory.Should().Be(fromHistory);
        estimate.Method.Should().Contain("expiry has passed");
    }

    [Fact]
    public void PointValue_RulesWin_ThenTheCatalogue_ThenTheDefault()
    {
        LoyaltyLiability.PointValue(new LoyaltyRules { PointValue = 0.02m }, [(20m, 200)]).Should().Be(new PointValuation(0.02m, "rules"));
        LoyaltyLiability.PointValue(new LoyaltyRules(), [(20m, 200), (30m, 100), (5m, 0)]).Should().Be(new PointValuation(0.2m, "catalogue"));
        LoyaltyLiability.PointValue(null, []).Should().Be(new PointValuation(LoyaltyLiability.DefaultPointValue, "default"));
    }

    [Fact]
    public void Line_LeavesPointsPastExpiryOutOfTheExpectedCost()
    {
        var line = LoyaltyLiability.Line("Gold", 2, available: 300, pending: 100, debt: -5, pastExpiry: 200, pointValue: 0.1m, breakage: 0.25m);

        line.Outstanding.Should().Be(400);
        line.Value.Should().Be(40m);
        line.ExpectedLiability.Should().Be(15m);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Report_EqualsTheLedger_ByTier_WithBreakageFromExpiredLots(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 3);
        var (c0, c1, c2) = (t.Customers[0], t.Customers[1], t.Customers[2]);
        await t.Programme.PublishAsync(new LoyaltyRules
        {
            PointsPerUnit = 1m, PendingPeriod = TimeSpan.FromDays(30), ExpiryPeriod = TimeSpan.FromDays(60), PointValue = 0.05m,
            Tiers = [new("Silver", 100m, 1m)],
        }, T0, Ct);
        // 120 lots of 10 at T0 (expiring at day 60); c0 spends 300 of its 400; the rest expires.
        for (var i = 0; i < 120; i++)
            await t.Ledger.AdjustAsync(new AdjustPoints($"adj:{i}", t.Customers[i % 3], 10, "test"), Ct);
        await t.Ledger.RedeemAsync(new RedeemPoints("redeem", c0, 300), Ct);
        t.Clock.Now = T0.AddDays(61);
        (await t.Ledger.ExpireLotsAsync(t.Clock.Now, Ct)).Should().Be(900);

        // c1 reaches Silver with an order still pending; c2 has two released orders, one lot expiring at day 91.
        await t.Ledger.EarnAsync(new EarnForOrder("o1", c1, T0.AddDays(61), [new EarnLine("1", 1, 150m)]), Ct);
        await t.Ledger.EarnAsync(new EarnForOrder("o2", c2, T0.AddDays(21), [new EarnLine("1", 1, 50m)]), Ct);
        await t.Ledger.EarnAsync(new EarnForOrder("o3", c2, T0.AddDays(1), [new EarnLine("1", 1, 40m)]), Ct);
        (await t.Ledger.ReleasePendingAsync(t.Clock.Now, Ct)).Should().Be(2);
        await t.Ledger.AdjustAsync(new AdjustPoints("adj:c0", c0, 20, "test"), Ct);
        t.Clock.Now = T0.AddDays(70);
        await t.Ledger.AdjustAsync(new AdjustPoints("adj:c1", c1, 15, "test"), Ct);

        // Read at day 92 before any expiry job: o3's lot (day 91) is past expiry but still in the balance.
        var at = T0.AddDays(92);
        LiabilityReport report;
        long ledgerOutstanding;
        await using (var db = t.Database.NewContext())
        {
            report = await LoyaltyLiabilityQueries.ReportAsync(db, at, Ct);
            ledgerOutstanding = await db.LoyaltyEntries.Where(e => e.Account == LoyaltyAccount.Available || e.Account == LoyaltyAccount.Pending).SumAsync(e => e.Points, Ct);
        }

        report.Total.Outstanding.Should().Be(ledgerOutstanding).And.Be(20 + 15 + 150 + 90);
        report.Tiers.Select(l => (l.Tier, l.Members, l.Available, l.Pending, l.PastExpiry)).Should().Equal(
            ((string?)null, 2, 110L, 0L, 40L), ("Silver", 1, 15L, 150L, 0L));
        report.PointValue.Should().Be(new PointValuation(0.05m, "rules"));
        // Resolved: the 120 lots (300 redeemed, 900 expired) and o3's lot (40 left).
        report.Breakage.Should().BeEquivalentTo(new { FromHistory = true, ResolvedLots = 121, RedeemedPoints = 300L, UnredeemedPoints = 940L, Rate = Math.Round(940m / 1240m, 4) });
        report.Total.Value.Should().Be(275 * 0.05m);
        report.Total.ExpectedLiability.Should().Be(Math.Round((275 - 40) * 0.05m * (1 - report.Breakage.Rate), 2));
        // Day 92 + 30: o2's lot (day 111) and c0's 20 (day 121); + 90 also c1's 15 (day 130).
        (report.ExpiringIn30Days, report.ExpiringIn90Days).Should().Be((70L, 85L));
        report.Flows.Should().Be(new PointFlows(Issued: 150 + 50 + 40, Adjusted: 1200 + 20 + 15, Redeemed: 300, Expired: 900, Reversed: 0));
        var f = report.Flows;
        (report.Total.Outstanding + report.Total.Debt).Should().Be(f.Issued + f.Adjusted - f.Redeemed - f.Expired - f.Reversed);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Report_OnAThinHistory_UsesTheDefaultBreakage_AndTheCataloguePointValue(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 1);
        await t.Programme.PublishAsync(new LoyaltyRules { PendingPeriod = TimeSpan.Zero }, T0, Ct);
        await t.Ledger.EarnAsync(new EarnForOrder("o1", t.Customers[0], T0, [new EarnLine("1", 2, 80m)]), Ct);
        await using var db = t.Database.NewContext();
        db.LoyaltyRewards.Add(new LoyaltyReward { Name = "10 off", Kind = RewardKind.FixedDiscount, Cost = 100, Value = 10m, CreatedAt = T0, UpdatedAt = T0 });
        await db.SaveChangesAsync(Ct);

        var report = await LoyaltyLiabilityQueries.ReportAsync(db, T0.AddDays(1), Ct);

        report.Breakage.FromHistory.Should().BeFalse();
        report.Breakage.Rate.Should().Be(LoyaltyLiability.DefaultBreakage);
        report.PointValue.Should().Be(new PointValuation(0.1m, "catalogue"));
        report.Total.Should().BeEquivalentTo(new { Members = 1, Pending = 80L, Outstanding = 80L, Value = 8m, ExpectedLiability = 80 * 0.1m * (1 - LoyaltyLiability.DefaultBreakage) });
    }
}
