using AwesomeAssertions;
using Retain.Core.Loyalty;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Loyalty;

public sealed class TierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = LoyaltyTestContext.Start;
    private static readonly TierRule[] Tiers = [new("Silver", 100m, 1.5m), new("Gold", 300m, 2m)];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Spend_UpgradesAtOnce_AppliesThePerk_AndDowngradesOnlyAtPeriodEnd(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 1);
        await t.Programme.PublishAsync(new LoyaltyRules { PointsPerUnit = 1m, PendingPeriod = TimeSpan.Zero, Tiers = Tiers }, T0, Ct);
        var c = t.Customers[0];
        async Task<(long Points, string? Tier, DateTime? Until)> Order(string id, int day, decimal amount)
        {
            var earned = await t.Ledger.EarnAsync(new EarnForOrder(id, c, T0.AddDays(day), [new EarnLine("1", 1, amount)]), Ct);
            var (tier, until) = await t.Ledger.TierAsync(c, Ct);
            return (earned.Points, tier, until);
        }

        var a = await Order("a", 0, 120m);
        var b = await Order("b", 10, 100m);
        var cc = await Order("c", 20, 100m);
        await t.Ledger.RefundAsync(new RefundOrder("ra", "a", [new RefundQuantity("1", 1)]), Ct);
        var d = await Order("d", 40, 150m);
        var e = await Order("e", 386, 50m);

        a.Should().Be((120L, "Silver", T0.AddDays(365)));
        b.Should().Be((150L, "Silver", T0.AddDays(365)));
        cc.Should().Be((150L, "Gold", T0.AddDays(385)));
        // The refund took the rolling spend to 200, below Gold's 300, yet the tier holds until its period ends.
        d.Should().Be((300L, "Gold", T0.AddDays(385)));
        // Reviewed at day 385 on (day 20, day 385]: only d's 150 counts, so Silver for a new period, and e earns at 1.5×.
        e.Should().Be((75L, "Silver", T0.AddDays(385 + 365)));
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Points_QualifyByPointsEarned_NetOfReversals(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 1);
        await t.Programme.PublishAsync(new LoyaltyRules
        {
            PointsPerUnit = 2m, PendingPeriod = TimeSpan.Zero, TierBasis = TierBasis.Points, Tiers = [new("Silver", 100m, 3m)],
        }, T0, Ct);
        var c = t.Customers[0];

        await t.Ledger.EarnAsync(new EarnForOrder("a", c, T0, [new EarnLine("1", 2, 40m)]), Ct);
        var before = await t.Ledger.TierAsync(c, Ct);
        await t.Ledger.RefundAsync(new RefundOrder("ra", "a", [new RefundQuantity("1", 1)]), Ct);
        var second = await t.Ledger.EarnAsync(new EarnForOrder("b", c, T0.AddDays(1), [new EarnLine("1", 1, 30m)]), Ct);
        var third = await t.Ledger.EarnAsync(new EarnForOrder("c", c, T0.AddDays(2), [new EarnLine("1", 1, 10m)]), Ct);

        before.Tier.Should().BeNull("80 points is below 100");
        second.Points.Should().Be(60, "40 net + 60 = 100 reaches Silver only with this order");
        third.Points.Should().Be(60, "Silver triples the rate");
        (await t.Ledger.TierAsync(c, Ct)).Should().Be(("Silver", (DateTime?)T0.AddDays(366)));
    }
}
