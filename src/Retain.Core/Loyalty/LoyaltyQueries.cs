using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>How far a member is from the next tier over the rolling window.</summary>
public sealed record TierProgress(TierBasis Basis, decimal Value, string? NextTier, decimal? NextThreshold, decimal? Remaining);

public sealed record MemberView(
    string CustomerId, long Available, long Pending, long Debt, string? Tier, DateTime? TierUntil, TierProgress? Progress, TierPerks Perks);

/// <summary>One command as it touched the member: what moved on each of their accounts.</summary>
public sealed record HistoryItem(long TransactionId, LoyaltyTransactionKind Kind, DateTime At, long Available, long Pending, long Debt, string? OrderRef);

public sealed record HistoryPage(int Page, int PageSize, IReadOnlyList<HistoryItem> Items);

public sealed record RewardView(long Id, string Name, RewardKind Kind, long Cost, decimal Value, string? Sku, string? MinTier, TimeSpan CodeValidity, bool IsActive);

/// <summary>A reward as a member sees it: whether their tier allows it and whether they have the points.</summary>
public sealed record AvailableReward(RewardView Reward, bool TierAllows, bool Affordable);

public sealed record CodeView(string Code, long RewardId, RewardKind Kind, decimal Value, string? Sku, long Points, DateTime IssuedAt, DateTime ExpiresAt, RewardCodeStatus Status, string? OrderRef);

/// <summary>Read models for the API and the shopper widget; never EF entities.</summary>
public static class LoyaltyQueries
{
    /// <summary>A customer's internal id by the shop's id (following a merge), or null.</summary>
    public static async Task<long?> CustomerIdAsync(RetainDbContext db, string externalId, CancellationToken ct)
    {
        var row = await db.Customers.AsNoTracking().Where(c => c.ExternalId == externalId)
            .Select(c => new { c.Id, c.MergedIntoId }).FirstOrDefaultAsync(ct);
        return row?.MergedIntoId ?? row?.Id;
    }

    public static async Task<MemberView> MemberAsync(RetainDbContext db, long customerId, string externalId, DateTime now, CancellationToken ct)
    {
        var member = await db.LoyaltyMembers.AsNoTracking().FirstOrDefaultAsync(m => m.CustomerId == customerId, ct);
        var (_, rules) = await LoyaltyProgramme.RulesAtAsync(db, now, ct);
        TierProgress? progress = null;
        if (rules is { Tiers.Count: > 0 })
        {
            var value = await LoyaltyLedger.QualifyingValueAsync(db, customerId, rules, now, ct);
            var rank = TierEvaluator.Rank(rules.Tiers, member?.Tier);
            var next = rules.Tiers.OrderBy(t => t.Threshold).Where((_, i) => i > rank).FirstOrDefault(t => t.Threshold > value);
            progress = new TierProgress(rules.TierBasis, value, next?.Name, next?.Threshold, next is null ? null : next.Threshold - value);
        }
        return new MemberView(externalId, member?.Available ?? 0, member?.Pending ?? 0, member?.Debt ?? 0, member?.Tier, member?.TierUntil, progress,
            rules is null ? TierPerks.None : TierPerks.Of(rules.Tiers, member?.Tier));
    }

    public static async Task<HistoryPage> HistoryAsync(RetainDbContext db, long customerId, int page, int pageSize, CancellationToken ct)
    {
        var rows = await db.LoyaltyTransactions.AsNoTracking()
            .Where(t => t.CustomerId == customerId)
            .OrderByDescending(t => t.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(t => new
            {
                t.Id, t.Kind, t.CreatedAt, t.OrderRef,
                Entries = t.Entries.Where(e => e.CustomerId == customerId).Select(e => new { e.Account, e.Points }).ToList(),
            })
            .ToListAsync(ct);
        return new HistoryPage(page, pageSize, [.. rows.Select(r => new HistoryItem(r.Id, r.Kind, r.CreatedAt,
            r.Entries.Where(e => e.Account == LoyaltyAccount.Available).Sum(e => e.Points),
            r.Entries.Where(e => e.Account == LoyaltyAccount.Pending).Sum(e => e.Points),
            r.Entries.Where(e => e.Account == LoyaltyAccount.Debt).Sum(e => e.Points), r.OrderRef))]);
    }

    public static async Task<List<RewardView>> RewardsAsync(RetainDbContext db, bool activeOnly, CancellationToken ct) =>
        [.. (await db.LoyaltyRewards.AsNoTracking().Where(r => !activeOnly || r.IsActive).OrderBy(r => r.Cost).ThenBy(r => r.Id).ToListAsync(ct)).Select(View)];

    public static async Task<List<AvailableReward>> AvailableRewardsAsync(RetainDbContext db, long customerId, DateTime now, CancellationToken ct)
    {
        var member = await db.LoyaltyMembers.AsNoTracking().FirstOrDefaultAsync(m => m.CustomerId == customerId, ct);
        var spendable = await db.LoyaltyLots.Where(l => l.CustomerId == customerId && l.Remaining > 0 && (l.ExpiresAt == null || l.ExpiresAt > now))
            .SumAsync(l => (long?)l.Remaining, ct) ?? 0;
        var (_, rules) = await LoyaltyProgramme.RulesAtAsync(db, now, ct);
        var tiers = rules?.Tiers ?? [];
        var rank = TierEvaluator.Rank(tiers, member?.Tier);
        return [.. (await RewardsAsync(db, activeOnly: true, ct)).Select(r => new AvailableReward(r,
            r.MinTier is null || (member?.Tier is not null && rank >= TierEvaluator.Rank(tiers, r.MinTier)), r.Cost <= spendable))];
    }

    public static async Task<List<CodeView>> CodesAsync(RetainDbContext db, long customerId, CancellationToken ct) =>
        [.. (await db.LoyaltyRewardCodes.AsNoTracking().Where(c => c.CustomerId == customerId).OrderByDescending(c => c.Id).Take(100).ToListAsync(ct)).Select(View)];

    public static RewardView View(LoyaltyReward r) => new(r.Id, r.Name, r.Kind, r.Cost, r.Value, r.Sku, r.MinTier, r.CodeValidity, r.IsActive);

    public static CodeView View(LoyaltyRewardCode c) => new(c.Code, c.RewardId, c.Kind, c.Value, c.Sku, c.Points, c.IssuedAt, c.ExpiresAt, c.Status, c.OrderRef);
}
