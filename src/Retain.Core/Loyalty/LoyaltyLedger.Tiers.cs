using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed partial class LoyaltyLedger
{
    /// <summary>
    /// Reviews the member's tier at each period end up to <paramref name="at"/>: the tier drops (or stays, or rises)
    /// to what the rolling value at that moment qualifies for. Between period ends a tier never drops.
    /// </summary>
    private static async Task ReviewTierAsync(LedgerSession s, LoyaltyMember member, LoyaltyRules rules, DateTime at, CancellationToken ct)
    {
        while (member.TierUntil is { } until && until <= at)
        {
            var tier = TierEvaluator.Qualify(rules.Tiers, await QualifyingValueAsync(s.Db, member.CustomerId, rules, until, ct));
            member.Tier = tier?.Name;
            member.TierUntil = tier is null ? null : until + rules.TierPeriod;
        }
    }

    /// <summary>
    /// Reviews every member whose tier period ended by <paramref name="now"/>, one transaction each (key
    /// <c>tier-review:{customer}:{period end}</c>), so the tier drops on time even for members who stopped ordering.
    /// Returns how many members were reviewed.
    /// </summary>
    public async Task<int> ReviewTiersAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        now = UtcTime.Normalize(now);
        List<(long CustomerId, DateTime Until)> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = [.. (await db.LoyaltyMembers.Where(m => m.TierUntil <= now).OrderBy(m => m.CustomerId)
                .Select(m => new { m.CustomerId, m.TierUntil }).ToListAsync(cancellationToken)).Select(m => (m.CustomerId, m.TierUntil!.Value))];
        }
        var reviewed = 0;
        foreach (var (customerId, until) in due)
        {
            var done = await RunAsync($"tier-review:{customerId}:{until:yyyyMMddHHmmss}", LoyaltyTransactionKind.TierReview, new { customerId, until }, async s =>
            {
                var member = await s.MemberAsync(customerId, cancellationToken);
                var (version, rules) = await LoyaltyProgramme.RulesAtAsync(s.Db, now, cancellationToken);
                if (member.TierUntil != until || rules is not { Tiers.Count: > 0 })
                {
                    s.Abandon();
                    return null;
                }
                s.Transaction.RuleSetId = version?.Id;
                await ReviewTierAsync(s, member, rules, now, cancellationToken);
                return new TierReviewResult(s.Transaction.Id, customerId, member.Tier, member.TierUntil);
            }, cancellationToken);
            reviewed += done is null ? 0 : 1;
        }
        return reviewed;
    }

    /// <summary>Moves the member up at once when the value, with this order's <paramref name="extra"/>, reaches a higher tier; the period restarts.</summary>
    private static async Task UpgradeTierAsync(LedgerSession s, LoyaltyMember member, LoyaltyRules rules, DateTime at, decimal extra, CancellationToken ct)
    {
        var tier = TierEvaluator.Qualify(rules.Tiers, await QualifyingValueAsync(s.Db, member.CustomerId, rules, at, ct) + extra);
        if (tier is null || TierEvaluator.Rank(rules.Tiers, tier.Name) <= TierEvaluator.Rank(rules.Tiers, member.Tier))
            return;
        member.Tier = tier.Name;
        member.TierUntil = at + rules.TierPeriod;
    }

    /// <summary>Spend or points of the orders placed in (at − period, at], net of what refunds gave back.</summary>
    internal static async Task<decimal> QualifyingValueAsync(RetainDbContext db, long customerId, LoyaltyRules rules, DateTime at, CancellationToken ct)
    {
        var from = at - rules.TierPeriod;
        var lines = await db.LoyaltyOrderAwards.Where(a => a.CustomerId == customerId && a.PlacedAt > from && a.PlacedAt <= at)
            .SelectMany(a => a.Lines)
            .Select(l => new
            {
                l.Quantity, l.Points, l.NetAmount,
                Returned = db.LoyaltyReversalLines.Where(r => r.AwardLineId == l.Id).Sum(r => (int?)r.Quantity) ?? 0,
                Reversed = db.LoyaltyReversalLines.Where(r => r.AwardLineId == l.Id).Sum(r => (long?)r.Points) ?? 0,
            })
            .ToListAsync(ct);
        return rules.TierBasis == TierBasis.Points
            ? lines.Sum(l => l.Points - l.Reversed)
            : lines.Sum(l => l.NetAmount * (l.Quantity - l.Returned) / l.Quantity);
    }
}

public sealed record TierReviewResult(long TransactionId, long CustomerId, string? Tier, DateTime? TierUntil);
