using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>Rewards bought with points, their one-time codes, the checkout consuming them, expiry, and tier reviews.</summary>
public sealed class RewardCodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = LoyaltyTestContext.Start;

    private static async Task<(LoyaltyTestContext T, long Reward)> SetUpAsync(DatabaseProvider provider, DebtPolicy policy = DebtPolicy.RecordDebt, long cost = 100)
    {
        var t = await LoyaltyTestContext.CreateAsync(provider, customers: 2, policy);
        await t.Programme.PublishAsync(new LoyaltyRules { ActionRewards = new Dictionary<string, long> { ["gift"] = 250 } }, T0, Ct);
        await t.Ledger.AwardForActionAsync(new AwardForAction("gift-1", t.Customers[0], "gift", T0), Ct);
        await using var db = t.Database.NewContext();
        var reward = new LoyaltyReward { Name = "10 off", Kind = RewardKind.FixedDiscount, Cost = cost, Value = 10m, CodeValidity = TimeSpan.FromDays(30), CreatedAt = T0, UpdatedAt = T0 };
        db.LoyaltyRewards.Add(reward);
        await db.SaveChangesAsync(Ct);
        return (t, reward.Id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RedeemReward_IssuesOneCode_PerKey_AndTooFewPointsWritesNothing(DatabaseProvider provider)
    {
        var (t, reward) = await SetUpAsync(provider, cost: 100);
        await using var _ = t;
        var c = t.Customers[0];

        var first = await t.Ledger.RedeemRewardAsync(new RedeemReward("r1", c, reward), Ct);
        var again = await t.Ledger.RedeemRewardAsync(new RedeemReward("r1", c, reward), Ct);
        var second = await t.Ledger.RedeemRewardAsync(new RedeemReward("r2", c, reward), Ct);
        var refused = () => t.Ledger.RedeemRewardAsync(new RedeemReward("r3", c, reward), Ct);
        var unknown = () => t.Ledger.RedeemRewardAsync(new RedeemReward("r4", c, reward + 99), Ct);

        again.Should().Be(first);
        second.Code.Should().NotBe(first.Code);
        first.Code.Should().MatchRegex("^[A-Z2-9]{12}$");
        first.ExpiresAt.Should().Be(T0.AddDays(30));
        await refused.Should().ThrowAsync<InsufficientPointsException>();
        await unknown.Should().ThrowAsync<UnknownLoyaltyReferenceException>();
        (await t.Ledger.BalanceAsync(c, Ct)).Available.Should().Be(50);
        await using var db = t.Database.NewContext();
        (await db.LoyaltyRewardCodes.CountAsync(Ct)).Should().Be(2);
        (await db.LoyaltyTransactions.CountAsync(x => x.Key == "r3" || x.Key == "r4", Ct)).Should().Be(0);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ConsumeCode_ManyCheckoutsAtOnce_ExactlyOneWins_AndItsRetryGetsTheSameAnswer(DatabaseProvider provider)
    {
        var (t, reward) = await SetUpAsync(provider);
        await using var _ = t;
        var code = (await t.Ledger.RedeemRewardAsync(new RedeemReward("r1", t.Customers[0], reward), Ct)).Code;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            await Task.Yield();
            try
            {
                return (i, (ConsumedCode?)await t.Ledger.ConsumeCodeAsync(new ConsumeCode(code.ToLowerInvariant(), $"order-{i}", $"k{i}"), Ct), (Exception?)null);
            }
            catch (LoyaltyStateException ex)
            {
                return (i, null, ex);
            }
        }));

        var winners = attempts.Where(a => a.Item2 is not null).ToList();
        winners.Should().ContainSingle();
        var w = winners[0].i;
        attempts.Where(a => a.i != w).Should().OnlyContain(a => a.Item3!.Message.Contains($"already used on order 'order-{w}'"));
        (await t.Ledger.ConsumeCodeAsync(new ConsumeCode(code, $"order-{w}", $"k{w}"), Ct)).Should().Be(winners[0].Item2);
        var otherOrder = () => t.Ledger.ConsumeCodeAsync(new ConsumeCode(code, "order-x", $"k{w}"), Ct);
        await otherOrder.Should().ThrowAsync<LoyaltyStateException>();
        var check = () => t.Ledger.CheckCodeAsync(code, Ct);
        await check.Should().ThrowAsync<LoyaltyStateException>();
        var unknown = () => t.Ledger.ConsumeCodeAsync(new ConsumeCode("NOPE", "o", "k"), Ct);
        await unknown.Should().ThrowAsync<UnknownLoyaltyReferenceException>();
        // A used code's points cannot come back.
        var cancel = () => t.Ledger.CancelRedemptionAsync(new CancelRedemption("c1", "r1"), Ct);
        await cancel.Should().ThrowAsync<LoyaltyStateException>();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task CancelAndConsume_Racing_OneOfThemWins_NeverBoth(DatabaseProvider provider)
    {
        var (t, reward) = await SetUpAsync(provider, cost: 10);
        await using var _ = t;
        var c = t.Customers[0];
        for (var round = 0; round < 8; round++)
        {
            var code = (await t.Ledger.RedeemRewardAsync(new RedeemReward($"r{round}", c, reward), Ct)).Code;
            var cancel = Task.Run(() => t.Ledger.CancelRedemptionAsync(new CancelRedemption($"c{round}", $"r{round}"), Ct), Ct);
            var consume = Task.Run(() => t.Ledger.ConsumeCodeAsync(new ConsumeCode(code, $"o{round}", $"k{round}"), Ct), Ct);
            var outcomes = new[] { await Succeeded(cancel), await Succeeded(consume) };
            outcomes.Count(o => o).Should().Be(1, $"round {round}: exactly one of cancel and consume wins");
        }
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
        await using var db = t.Database.NewContext();
        var consumed = await db.LoyaltyRewardCodes.CountAsync(x => x.Status == RewardCodeStatus.Consumed, Ct);
        (await t.Ledger.BalanceAsync(c, Ct)).Available.Should().Be(250 - 10 * consumed);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, ExpiredCodePolicy.ReturnPoints)]
    [InlineData(DatabaseProvider.Postgres, ExpiredCodePolicy.ReturnPoints)]
    [InlineData(DatabaseProvider.Sqlite, ExpiredCodePolicy.Forfeit)]
    public async Task ExpireCodes_ClosesUnusedCodes_AndFollowsThePolicy(DatabaseProvider provider, ExpiredCodePolicy policy)
    {
        var (t, reward) = await SetUpAsync(provider);
        await using var _ = t;
        t.Options.ExpiredCodes = policy;
        var c = t.Customers[0];
        var unused = await t.Ledger.RedeemRewardAsync(new RedeemReward("r1", c, reward), Ct);
        var used = await t.Ledger.RedeemRewardAsync(new RedeemReward("r2", c, reward), Ct);
        await t.Ledger.ConsumeCodeAsync(new ConsumeCode(used.Code, "o1", "k1"), Ct);

        (await t.Ledger.ExpireCodesAsync(T0.AddDays(29), Ct)).Should().Be(0);
        t.Clock.Now = T0.AddDays(31);
        (await t.Ledger.ExpireCodesAsync(T0.AddDays(31), Ct)).Should().Be(1);
        (await t.Ledger.ExpireCodesAsync(T0.AddDays(31), Ct)).Should().Be(0);

        (await t.Ledger.BalanceAsync(c, Ct)).Available.Should().Be(policy == ExpiredCodePolicy.ReturnPoints ? 150 : 50);
        var late = () => t.Ledger.ConsumeCodeAsync(new ConsumeCode(unused.Code, "o2", "k2"), Ct);
        (await late.Should().ThrowAsync<LoyaltyStateException>()).Which.Message.Should().Contain("expired");
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ReviewTiers_DropsAMemberWhoStoppedOrdering_AtTheEndOfTheirPeriod(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 1);
        await t.Programme.PublishAsync(new LoyaltyRules { PendingPeriod = TimeSpan.Zero, Tiers = [new("Silver", 100m, 1.5m)] }, T0, Ct);
        var c = t.Customers[0];
        await t.Ledger.EarnAsync(new EarnForOrder("a", c, T0, [new EarnLine("1", 1, 150m)]), Ct);

        (await t.Ledger.ReviewTiersAsync(T0.AddDays(364), Ct)).Should().Be(0);
        (await t.Ledger.TierAsync(c, Ct)).Should().Be(("Silver", T0.AddDays(365)));
        (await t.Ledger.ReviewTiersAsync(T0.AddDays(366), Ct)).Should().Be(1);
        (await t.Ledger.TierAsync(c, Ct)).Should().Be(((string?)null, (DateTime?)null));
        (await t.Ledger.ReviewTiersAsync(T0.AddDays(367), Ct)).Should().Be(0);
    }

    private static async Task<bool> Succeeded(Task task)
    {
        try
        {
            await task;
            return true;
        }
        catch (LoyaltyStateException)
        {
            return false;
        }
    }
}
