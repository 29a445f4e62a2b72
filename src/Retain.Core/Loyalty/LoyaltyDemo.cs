using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed record LoyaltyDemoSummary(int OrdersEarned, int RefundsReversed, int Released, int Redemptions, int CodesUsed, int Members, TimeSpan Elapsed);

/// <summary>
/// Gives the demo shop a running programme: rules with tiers from a year before its end, a rewards catalogue, every
/// order and refund of that year through the real feeds and ledger, releases, some redemptions and used codes.
/// </summary>
public sealed class LoyaltyDemo(
    IDbContextFactory<RetainDbContext> contexts, LoyaltyProgramme programme, LoyaltyLedger ledger, LoyaltyOrderFeed feed, LoyaltyEngagementDemo engagement, TimeProvider time)
{
    public static readonly LoyaltyRules Rules = new()
    {
        PointsPerUnit = 1m,
        PendingPeriod = TimeSpan.FromDays(30),
        ExpiryPeriod = TimeSpan.FromDays(365),
        Tiers = [new("Silver", 300m, 1.25m), new("Gold", 1000m, 1.5m)],
        ActionRewards = new Dictionary<string, long> { [LoyaltyActions.SignUp] = 50, [LoyaltyActions.Review] = 25, [LoyaltyActions.Birthday] = 100 },
        Referrals = LoyaltyEngagementDemo.Referrals,
        Challenges = LoyaltyEngagementDemo.Challenges,
        Leaderboard = new() { Enabled = true },
    };

    public async Task<LoyaltyDemoSummary> SetUpAsync(DateTime end, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await programme.PublishAsync(Rules, end.AddYears(-1), cancellationToken);
        var rewards = await CatalogueAsync(cancellationToken);
        int earned = 0, reversed = 0;
        await feed.WaitForCommittedAsync(cancellationToken);
        for (var p = await feed.EarnNextAsync(2_000, cancellationToken); p.Read > 0; p = await feed.EarnNextAsync(2_000, cancellationToken))
        {
            earned += p.Applied;
            progress?.Report($"Loyalty: {earned:N0} orders earned");
        }
        for (var p = await feed.RefundNextAsync(2_000, cancellationToken); p.Read > 0; p = await feed.RefundNextAsync(2_000, cancellationToken))
            reversed += p.Applied;
        var now = time.GetUtcNow().UtcDateTime;
        var released = await ledger.ReleasePendingAsync(now, cancellationToken);
        await ledger.ExpireLotsAsync(now, cancellationToken);
        await ledger.ReviewTiersAsync(now, cancellationToken);
        progress?.Report($"Loyalty: {reversed:N0} refunds reversed, {released:N0} orders released");
        var e = await engagement.SetUpAsync(end, cancellationToken);
        // Engagement points dated in the past may already be past their expiry; expire them before members spend.
        await ledger.ExpireLotsAsync(now, cancellationToken);
        progress?.Report($"Loyalty: {e.Badges:N0} badges ({e.Reviews:N0} reviews), {e.Referrals:N0} referrals: {e.Rewarded:N0} rewarded, {e.Pending:N0} pending, {e.Rejected:N0} rejected");

        // Every third member who can afford the cheapest reward redeems the dearest they can; every other code is used.
        List<(long CustomerId, long Available)> members;
        var cheapest = rewards.Min(r => r.Cost);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            members = [.. (await db.LoyaltyMembers.AsNoTracking().Where(m => m.Available >= cheapest)
                .OrderBy(m => m.CustomerId).Select(m => new { m.CustomerId, m.Available }).ToListAsync(cancellationToken))
                .Where((_, i) => i % 3 == 0).Select(m => (m.CustomerId, m.Available))];
        }
        int redemptions = 0, used = 0;
        foreach (var (customerId, available) in members)
        {
            var reward = rewards.Where(r => r.Cost <= available && r.MinTier is null).MaxBy(r => r.Cost)!;
            var code = await ledger.RedeemRewardAsync(new RedeemReward($"demo:redeem:{customerId}", customerId, reward.Id), cancellationToken);
            redemptions++;
            if (redemptions % 2 == 0)
            {
                await ledger.ConsumeCodeAsync(new ConsumeCode(code.Code, $"demo-checkout-{customerId}", $"demo:consume:{customerId}"), cancellationToken);
                used++;
            }
        }
        int memberCount;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            memberCount = await db.LoyaltyMembers.CountAsync(cancellationToken);
        return new LoyaltyDemoSummary(earned, reversed, released, redemptions, used, memberCount, clock.Elapsed);
    }

    private async Task<List<LoyaltyReward>> CatalogueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<LoyaltyReward> rewards =
        [
            new() { Name = "Free shipping", Kind = RewardKind.FreeShipping, Cost = 150, CodeValidity = TimeSpan.FromDays(60) },
            new() { Name = "20 PLN off", Kind = RewardKind.FixedDiscount, Cost = 200, Value = 20m, CodeValidity = TimeSpan.FromDays(90) },
            new() { Name = "15% off", Kind = RewardKind.PercentDiscount, Cost = 500, Value = 15m, CodeValidity = TimeSpan.FromDays(90) },
            new() { Name = "Gold members' gift", Kind = RewardKind.Product, Cost = 800, Sku = "GIFT-GOLD", MinTier = "Gold", CodeValidity = TimeSpan.FromDays(90) },
        ];
        await using var db = await contexts.CreateDbContextAsync(ct);
        foreach (var reward in rewards)
            (reward.CreatedAt, reward.UpdatedAt) = (now, now);
        db.LoyaltyRewards.AddRange(rewards);
        await db.SaveChangesAsync(ct);
        return rewards;
    }
}
