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
    private static async Task<decimal> QualifyingValueAsync(RetainDbContext db, long customerId, LoyaltyRules rules, DateTime at, CancellationToken ct)
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
