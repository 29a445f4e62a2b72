using Microsoft.EntityFrameworkCore;
using Retain.Core.Customers;
using Retain.Core.Events;
using Retain.Core.Orders;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed record EngagementDemoSummary(int Reviews, int Badges, int Referrals, int Rewarded, int Rejected, int Pending);

/// <summary>
/// The demo programme's referrals and badges: some members review a product (the demo shop has no reviews of its
/// own), the challenge feed gives the year's badges, and a few members refer friends: most friends buy and both sides
/// are rewarded, some never buy (pending), some share the referrer's device (rejected).
/// </summary>
public sealed class LoyaltyEngagementDemo(
    IDbContextFactory<RetainDbContext> contexts, LoyaltyLedger ledger, LoyaltyOrderFeed feed, LoyaltyChallengeFeed challenges,
    LoyaltyReferralService referrals, TimeProvider time)
{
    public const int MaxReferrers = 100;

    public static readonly ReferralRules Referrals = new()
    {
        ReferrerPoints = 200, ReferredPoints = 100, BaseUrl = "https://demo-shop.example/invite", MaxPerReferrer = 3, LimitPeriod = TimeSpan.FromDays(90),
    };

    public static readonly IReadOnlyList<ChallengeRule> Challenges =
    [
        new() { Id = "three-orders", Name = "3 orders in 90 days", Badge = "Regular", Kind = ChallengeKind.Orders, Count = 3, Window = TimeSpan.FromDays(90), Points = 50 },
        new() { Id = "first-review", Name = "First review", Badge = "Critic", Kind = ChallengeKind.Event, EventType = LoyaltyActions.Review, Points = 25 },
        new() { Id = "big-month", Name = "500 spent in a month", Badge = "Big spender", Kind = ChallengeKind.Spend, Amount = 500m, RepeatEvery = TimeSpan.FromDays(30), Points = 20 },
    ];

    /// <param name="end">The demo shop's last day: the friends' first orders fall before it, so the shop's history
    /// still ends there (a back-test or report of a shop "to 2025-06-30" must not find orders of today).</param>
    public async Task<EngagementDemoSummary> SetUpAsync(DateTime end, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var reviews = await ReviewsAsync(now, ct);
        var badges = 0;
        for (var p = await challenges.EvaluateNextAsync(2_000, ct); p.Read > 0; p = await challenges.EvaluateNextAsync(2_000, ct))
            badges += p.Applied;
        var (attached, rejected) = await ReferralsAsync(now, end < now ? end : now, ct);
        // The friends' orders earn, their window has passed, so the referrals settle at once.
        await feed.WaitForCommittedAsync(ct);
        for (var p = await feed.EarnNextAsync(2_000, ct); p.Read > 0; p = await feed.EarnNextAsync(2_000, ct)) { }
        await ledger.ReleasePendingAsync(now, ct);
        var rewarded = await ledger.SettleReferralsAsync(now, ct);
        for (var p = await challenges.EvaluateNextAsync(2_000, ct); p.Read > 0; p = await challenges.EvaluateNextAsync(2_000, ct))
            badges += p.Applied;
        return new EngagementDemoSummary(reviews, badges, attached, rewarded, rejected, attached - rewarded - rejected);
    }

    /// <summary>Every fifth member reviews what they bought, two days after their first order of the year.</summary>
    private async Task<int> ReviewsAsync(DateTime now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var firsts = await db.LoyaltyOrderAwards.AsNoTracking().GroupBy(a => a.CustomerId)
            .Select(g => new { CustomerId = g.Key, At = g.Min(a => a.PlacedAt) }).ToListAsync(ct);
        var ids = firsts.Where(f => f.CustomerId % 5 == 0).Select(f => f.CustomerId).ToList();
        var external = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ExternalId, ct);
        var events = firsts.Where(f => external.ContainsKey(f.CustomerId) && f.At.AddDays(2) < now)
            .Select(f => new EventInput($"demo-review-{f.CustomerId}", external[f.CustomerId], LoyaltyActions.Review, f.At.AddDays(2), null, null)).ToList();
        foreach (var chunk in events.Chunk(1_000))
            await EventWrites.IngestAsync(db, chunk, now, ct);
        return events.Count;
    }

    /// <summary>
    /// Up to <see cref="MaxReferrers"/> members refer two friends each. The friends sign up now; a first paid order
    /// is then written a little over the return window before the shop's last day, so the demo shows rewards without
    /// waiting a month.
    /// </summary>
    private async Task<(int Attached, int Rejected)> ReferralsAsync(DateTime now, DateTime shopEnd, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var referrers = await db.LoyaltyMembers.AsNoTracking().Where(m => m.Available > 0).OrderBy(m => m.CustomerId)
            .Select(m => m.CustomerId).Where(id => id % 7 == 0).Take(MaxReferrers).ToListAsync(ct);
        var sample = await db.Orders.AsNoTracking().OrderByDescending(o => o.Id).Select(o => new { o.Currency, o.Country }).FirstOrDefaultAsync(ct);
        var sku = await db.Products.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Sku).FirstOrDefaultAsync(ct);
        if (sample is null || sku is null)
            return (0, 0);
        var (_, rules) = await LoyaltyProgramme.RulesAtAsync(db, now, ct);
        var window = rules?.PendingPeriod ?? TimeSpan.Zero;
        int attached = 0, rejected = 0;
        foreach (var referrerId in referrers)
        {
            var code = (await referrals.CodeAsync(referrerId, "", ct)).Code;
            var device = $"demo-device-{referrerId}";
            await referrals.RecordEvidenceAsync(referrerId, null, null, device, ct);
            for (var n = 1; n <= 2; n++)
            {
                var friend = await CustomerWrites.EnsureAsync(db, $"demo-friend-{referrerId}-{n}", $"friend{n}.of.{referrerId}@example.com", now, ct);
                // The second friend of every other referrer signs up on the referrer's own phone: a self-referral.
                var shared = n == 2 && referrerId % 2 == 0;
                var result = await ledger.AttachReferralAsync(new AttachReferral($"demo:refer:{friend.Id}", friend.Id, code, null, null,
                    shared ? device : $"demo-device-friend-{friend.Id}"), ct);
                attached++;
                rejected += result.Status == ReferralStatus.Rejected ? 1 : 0;
                // The second friend of every third referrer has not bought yet: pending.
                if (result.Status != ReferralStatus.Pending || (n == 2 && referrerId % 3 == 0))
                    continue;
                var input = new OrderInput(friend.ExternalId, null, shopEnd - window - TimeSpan.FromDays(2), sample.Currency, OrderStatus.Paid, 0m, sample.Country,
                    [new OrderLineInput(1, sku, null, 1, 150m, 0m)]);
                await OrderWrites.UpsertAsync(db, $"demo-friend-order-{friend.Id}", input, "demo", now, ct);
            }
        }
        return (attached, rejected);
    }
}
