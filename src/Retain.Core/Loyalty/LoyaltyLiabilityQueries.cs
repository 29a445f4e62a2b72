using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>
/// Reads the liability report from the ledger. Read-only; every figure is a sum over ledger rows (member balances,
/// lots and their allocations), so it equals what the ledger holds at the moment it is read.
/// </summary>
public static class LoyaltyLiabilityQueries
{
    public static async Task<LiabilityReport> ReportAsync(RetainDbContext db, DateTime now, CancellationToken ct)
    {
        now = UtcTime.Normalize(now);
        var (_, rules) = await LoyaltyProgramme.RulesAtAsync(db, now, ct);
        var value = await PointValueAsync(db, rules, ct);
        var breakage = LoyaltyLiability.Breakage(await ResolvedAsync(db, now, ct));

        var tiers = await db.LoyaltyMembers.AsNoTracking().GroupBy(m => m.Tier)
            .Select(g => new { Tier = g.Key, Members = g.Count(), Available = g.Sum(m => m.Available), Pending = g.Sum(m => m.Pending), Debt = g.Sum(m => m.Debt) })
            .ToListAsync(ct);
        var pastExpiry = (await db.LoyaltyLots.AsNoTracking().Where(l => l.Remaining > 0 && l.ExpiresAt <= now)
            .Join(db.LoyaltyMembers, l => l.CustomerId, m => m.CustomerId, (l, m) => new { m.Tier, l.Remaining })
            .GroupBy(x => x.Tier).Select(g => new { Tier = g.Key, Points = g.Sum(x => x.Remaining) }).ToListAsync(ct))
            .ToDictionary(x => x.Tier ?? "", x => x.Points);
        // Tiers in the rules' order, lowest first, then "no tier"; a tier no longer in the rules still shows.
        var order = rules?.Tiers.OrderBy(t => t.Threshold).Select(t => t.Name).ToList() ?? [];
        var lines = tiers
            .OrderBy(t => t.Tier is null ? -1 : order.IndexOf(t.Tier) is var i and >= 0 ? i : order.Count).ThenBy(t => t.Tier, StringComparer.Ordinal)
            .Select(t => LoyaltyLiability.Line(t.Tier, t.Members, t.Available, t.Pending, t.Debt,
                pastExpiry.GetValueOrDefault(t.Tier ?? ""), value.Value, breakage.Rate))
            .ToList();

        var in30 = now.AddDays(30);
        var in90 = now.AddDays(90);
        var expiring = await db.LoyaltyLots.AsNoTracking().Where(l => l.Remaining > 0 && l.ExpiresAt > now && l.ExpiresAt <= in90)
            .GroupBy(l => l.ExpiresAt <= in30)
            .Select(g => new { Soon = g.Key, Points = g.Sum(l => l.Remaining) }).ToListAsync(ct);
        var soon = expiring.Where(e => e.Soon).Sum(e => e.Points);
        return new LiabilityReport(now, await db.GetBaseCurrencyAsync(ct), value, breakage, lines,
            LoyaltyLiability.Sum(lines, value.Value, breakage.Rate), soon, expiring.Sum(e => e.Points), await FlowsAsync(db, ct));
    }

    public static async Task<PointFlows> FlowsAsync(RetainDbContext db, CancellationToken ct)
    {
        var accounts = await db.LoyaltyEntries.AsNoTracking().Where(e => e.CustomerId == null)
            .GroupBy(e => e.Account).Select(g => new { Account = g.Key, Points = g.Sum(e => e.Points) })
            .ToDictionaryAsync(a => a.Account, a => a.Points, ct);
        long Of(LoyaltyAccount account) => accounts.GetValueOrDefault(account);
        // System accounts hold the other side of each move: issuing credits the customer and debits Issued.
        return new PointFlows(-Of(LoyaltyAccount.Issued), -Of(LoyaltyAccount.Adjusted), Of(LoyaltyAccount.Redeemed),
            Of(LoyaltyAccount.Expired), Of(LoyaltyAccount.Reversed) + Of(LoyaltyAccount.Forgiven));
    }

    public static async Task<PointValuation> PointValueAsync(RetainDbContext db, LoyaltyRules? rules, CancellationToken ct)
    {
        var discounts = await db.LoyaltyRewards.AsNoTracking().Where(r => r.IsActive && r.Kind == RewardKind.FixedDiscount)
            .Select(r => new { r.Value, r.Cost }).ToListAsync(ct);
        return LoyaltyLiability.PointValue(rules, discounts.Select(d => (d.Value, d.Cost)));
    }

    /// <summary>
    /// What became of the points on lots whose expiry has passed: redeemed (net of cancelled redemptions) or not
    /// (expired by the job, or still left on the lot). Refunds and manual debits took points on neither side.
    /// </summary>
    public static async Task<ResolvedLots> ResolvedAsync(RetainDbContext db, DateTime now, CancellationToken ct)
    {
        var resolved = db.LoyaltyLots.AsNoTracking().Where(l => l.ExpiresAt <= now);
        var count = await resolved.CountAsync(ct);
        if (count == 0)
            return new ResolvedLots(0, 0, 0);
        var left = await resolved.SumAsync(l => l.Remaining, ct);
        var byKind = await db.LoyaltyAllocations.AsNoTracking()
            .Join(db.LoyaltyLots.Where(l => l.ExpiresAt <= now), a => a.LotId, l => l.Id, (a, l) => a)
            .Join(db.LoyaltyTransactions, a => a.TransactionId, t => t.Id, (a, t) => new { t.Kind, a.Points })
            .GroupBy(x => x.Kind).Select(g => new { Kind = g.Key, Points = g.Sum(x => x.Points) }).ToListAsync(ct);
        long Points(params LoyaltyTransactionKind[] kinds) => byKind.Where(k => kinds.Contains(k.Kind)).Sum(k => k.Points);
        return new ResolvedLots(count,
            Points(LoyaltyTransactionKind.Redeem, LoyaltyTransactionKind.CancelRedemption),
            Points(LoyaltyTransactionKind.Expire) + left);
    }
}
