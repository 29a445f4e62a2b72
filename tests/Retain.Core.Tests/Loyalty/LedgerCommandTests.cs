using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>Each command's behaviour on a small, hand-checked story, on both providers.</summary>
public sealed class LedgerCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = LoyaltyTestContext.Start;
    private static readonly LoyaltyRules Rules = new()
    {
        PointsPerUnit = 1m, PendingPeriod = TimeSpan.FromDays(14), ExpiryPeriod = TimeSpan.FromDays(365),
        CategoryMultipliers = new Dictionary<string, decimal> { ["mugs"] = 2m },
        ActionRewards = new Dictionary<string, long> { [LoyaltyActions.Review] = 50 },
    };

    private static EarnForOrder Order(string orderRef, long customer, DateTime at) => new(orderRef, customer, at,
        [new EarnLine("1", 3, 30m, "MUG", "mugs"), new EarnLine("2", 1, 40m)]);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Earn_IsPendingUntilTheWindowCloses_ThenAvailableAsALot(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider);
        await t.Programme.PublishAsync(Rules, T0, Ct);
        var c = t.Customers[0];

        var earned = await t.Ledger.EarnAsync(Order("o1", c, T0.AddDays(1)), Ct);
        (await t.Ledger.ReleasePendingAsync(T0.AddDays(14), Ct)).Should().Be(0);
        var pending = await t.Ledger.BalanceAsync(c, Ct);
        (await t.Ledger.ReleasePendingAsync(T0.AddDays(15), Ct)).Should().Be(1);
        var released = await t.Ledger.BalanceAsync(c, Ct);

        earned.Lines.Should().Equal(new LinePoints("1", 60), new LinePoints("2", 40));
        earned.PendingUntil.Should().Be(T0.AddDays(15));
        pending.Should().Be(new LoyaltyBalance(c, 0, 100, 0));
        released.Should().Be(new LoyaltyBalance(c, 100, 0, 0));
        await using var db = t.Database.NewContext();
        var lot = await db.LoyaltyLots.SingleAsync(Ct);
        (lot.Points, lot.EarnedAt, lot.ExpiresAt).Should().Be((100L, T0.AddDays(15), T0.AddDays(380)));
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Refund_AfterTheRulesChangedAndWereDeleted_ReversesWhatTheOrderEarned(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider);
        var v1 = await t.Programme.PublishAsync(Rules, T0, Ct);
        var c = t.Customers[0];
        await t.Ledger.EarnAsync(Order("o1", c, T0.AddDays(1)), Ct);
        await t.Programme.PublishAsync(Rules with { PointsPerUnit = 7m }, T0.AddDays(2), Ct);
        await t.Programme.DeleteAsync(T0.AddDays(3), Ct);

        var first = await t.Ledger.RefundAsync(new RefundOrder("r1", "o1", [new RefundQuantity("1", 1)]), Ct);
        var second = await t.Ledger.RefundAsync(new RefundOrder("r2", "o1", [new RefundQuantity("1", 2), new RefundQuantity("2", 1)]), Ct);

        first.Lines.Should().Equal(new LinePoints("1", 20));
        second.Reversed.Should().Be(80);
        (first.Reversed + second.Reversed).Should().Be(100);
        (await t.Ledger.BalanceAsync(c, Ct)).Should().Be(new LoyaltyBalance(c, 0, 0, 0));
        await using var db = t.Database.NewContext();
        (await db.LoyaltyTransactions.Where(x => x.Kind == LoyaltyTransactionKind.Refund).Select(x => x.RuleSetId).ToListAsync(Ct))
            .Should().AllBeEquivalentTo(v1.Id);
        var tooMany = () => t.Ledger.RefundAsync(new RefundOrder("r3", "o1", [new RefundQuantity("2", 1)]), Ct);
        await tooMany.Should().ThrowAsync<LoyaltyStateException>();
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, DebtPolicy.RecordDebt, 0, -40, 0)]
    [InlineData(DatabaseProvider.Sqlite, DebtPolicy.Forgive, 0, 0, 40)]
    [InlineData(DatabaseProvider.Postgres, DebtPolicy.RecordDebt, 0, -40, 0)]
    [InlineData(DatabaseProvider.Postgres, DebtPolicy.Forgive, 0, 0, 40)]
    public async Task Refund_OfSpentPoints_FollowsTheDebtPolicy(DatabaseProvider provider, DebtPolicy policy, long available, long debt, long forgiven)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, policy: policy);
        await t.Programme.PublishAsync(Rules, T0, Ct);
        var c = t.Customers[0];
        await t.Ledger.EarnAsync(Order("o1", c, T0), Ct);
        await t.Ledger.ReleasePendingAsync(T0.AddDays(14), Ct);
        await t.Ledger.RedeemAsync(new RedeemPoints("spend", c, 80), Ct);

        var refund = await t.Ledger.RefundAsync(new RefundOrder("r1", "o1", [new RefundQuantity("1", 3)]), Ct);
        var balance = await t.Ledger.BalanceAsync(c, Ct);

        (refund.Reversed, refund.FromAvailable, refund.Debt, refund.Forgiven).Should().Be((60L, 20L, -debt, forgiven));
        balance.Should().Be(new LoyaltyBalance(c, available, 0, debt));
        await t.Ledger.AwardForActionAsync(new AwardForAction("review-1", c, LoyaltyActions.Review, T0.AddDays(20)), Ct);
        // New points repay debt first.
        (await t.Ledger.BalanceAsync(c, Ct)).Should().Be(new LoyaltyBalance(c, 50 + debt, 0, 0 + Math.Min(0, debt + 50)));
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Redeem_SpendsOldestFirst_AndCancelGivesBackToTheSameLotsOrAFreshOneIfExpired(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider);
        await t.Programme.PublishAsync(Rules with { ExpiryPeriod = TimeSpan.FromDays(10) }, T0, Ct);
        var c = t.Customers[0];
        await t.Ledger.AwardForActionAsync(new AwardForAction("a1", c, LoyaltyActions.Review, T0), Ct);
        await t.Ledger.AwardForActionAsync(new AwardForAction("a2", c, LoyaltyActions.Review, T0.AddDays(5)), Ct);

        await t.Ledger.RedeemAsync(new RedeemPoints("spend", c, 70), Ct);
        await using (var db = t.Database.NewContext())
            (await db.LoyaltyLots.OrderBy(l => l.Id).Select(l => l.Remaining).ToListAsync(Ct)).Should().Equal(0, 30);
        t.Clock.Now = T0.AddDays(12);
        await t.Ledger.CancelRedemptionAsync(new CancelRedemption("undo", "spend"), Ct);

        await using (var db = t.Database.NewContext())
        {
            var lots = await db.LoyaltyLots.OrderBy(l => l.Id).ToListAsync(Ct);
            lots.Select(l => l.Remaining).Should().Equal(0, 50, 50);
            (lots[2].EarnedAt, lots[2].ExpiresAt).Should().Be((T0.AddDays(12), T0.AddDays(22)));
        }
        var again = () => t.Ledger.CancelRedemptionAsync(new CancelRedemption("undo-2", "spend"), Ct);
        await again.Should().ThrowAsync<LoyaltyStateException>();
        (await t.Ledger.ExpireLotsAsync(T0.AddDays(15), Ct)).Should().Be(50);
        (await t.Ledger.BalanceAsync(c, Ct)).Should().Be(new LoyaltyBalance(c, 50, 0, 0));
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SameKey_SameContent_ReturnsTheFirstResult_OtherContent_IsAConflict(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider);
        await t.Programme.PublishAsync(Rules, T0, Ct);
        var c = t.Customers[0];
        var first = await t.Ledger.EarnAsync(Order("o1", c, T0), Ct);
        await t.Programme.PublishAsync(Rules with { PointsPerUnit = 9m }, T0, Ct);

        var repeat = await t.Ledger.EarnAsync(Order("o1", c, T0) with { PlacedAt = DateTime.SpecifyKind(T0, DateTimeKind.Unspecified) }, Ct);
        var other = () => t.Ledger.EarnAsync(Order("o1", c, T0.AddHours(1)), Ct);

        repeat.Should().BeEquivalentTo(first);
        await other.Should().ThrowAsync<IdempotencyConflictException>();
        await using var db = t.Database.NewContext();
        (await db.LoyaltyTransactions.CountAsync(Ct)).Should().Be(1);
        (await t.Ledger.BalanceAsync(c, Ct)).Pending.Should().Be(100);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task BadCommands_FailWithTheirErrorAndWriteNothing(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider);
        await t.Programme.PublishAsync(Rules, T0, Ct);
        var c = t.Customers[0];
        await t.Ledger.AwardForActionAsync(new AwardForAction("a1", c, LoyaltyActions.Review, T0), Ct);

        (await Failure(() => t.Ledger.RedeemAsync(new RedeemPoints("r", c, 51), Ct))).Should().BeOfType<InsufficientPointsException>()
            .Which.Kind.Should().Be(LoyaltyErrorKind.Conflict);
        (await Failure(() => t.Ledger.RedeemAsync(new RedeemPoints("r", c, 0), Ct))).Should().BeOfType<InvalidLoyaltyCommandException>()
            .Which.Field.Should().Be("points");
        (await Failure(() => t.Ledger.RedeemAsync(new RedeemPoints("r", c, -5), Ct))).Should().BeOfType<InvalidLoyaltyCommandException>();
        (await Failure(() => t.Ledger.RedeemAsync(new RedeemPoints("r", 999_999, 1), Ct))).Should().BeOfType<UnknownCustomerException>()
            .Which.Kind.Should().Be(LoyaltyErrorKind.NotFound);
        (await Failure(() => t.Ledger.EarnAsync(Order("o1", 999_999, T0), Ct))).Should().BeOfType<UnknownCustomerException>();
        (await Failure(() => t.Ledger.RefundAsync(new RefundOrder("x", "nope", [new RefundQuantity("1", 1)]), Ct))).Should().BeOfType<UnknownLoyaltyReferenceException>();
        (await Failure(() => t.Ledger.CancelRedemptionAsync(new CancelRedemption("x", "nope"), Ct))).Should().BeOfType<UnknownLoyaltyReferenceException>();
        (await Failure(() => t.Ledger.AwardForActionAsync(new AwardForAction("x", c, "unheard-of", T0), Ct))).Should().BeOfType<InvalidLoyaltyCommandException>();
        (await Failure(() => t.Ledger.AdjustAsync(new AdjustPoints("x", c, -51, "typo"), Ct))).Should().BeOfType<InsufficientPointsException>();
        (await Failure(() => t.Ledger.RedeemAsync(new RedeemPoints("", c, 1), Ct))).Should().BeOfType<InvalidLoyaltyCommandException>();

        await using var db = t.Database.NewContext();
        (await db.LoyaltyTransactions.CountAsync(Ct)).Should().Be(1);
        (await db.LoyaltyMembers.CountAsync(Ct)).Should().Be(1);
        (await t.Ledger.BalanceAsync(c, Ct)).Should().Be(new LoyaltyBalance(c, 50, 0, 0));
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Verify_ReportsABalanceThatDisagreesWithItsEntries(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider);
        await t.Programme.PublishAsync(Rules, T0, Ct);
        var c = t.Customers[0];
        await t.Ledger.AwardForActionAsync(new AwardForAction("a1", c, LoyaltyActions.Review, T0), Ct);
        await using (var db = t.Database.NewContext())
            await db.LoyaltyMembers.ExecuteUpdateAsync(s => s.SetProperty(m => m.Available, 51L), Ct);

        var report = await t.Ledger.VerifyAsync(Ct);

        report.Problems.Should().Contain(p => p.Contains("available is 51, entries say 50"))
            .And.Contain(p => p.Contains("lots is 51"));
    }

    private static async Task<LoyaltyException?> Failure(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (LoyaltyException ex)
        {
            return ex;
        }
    }
}
