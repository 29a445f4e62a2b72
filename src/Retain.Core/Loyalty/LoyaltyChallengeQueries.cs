using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed record BadgeView(string ChallengeId, string Badge, long Period, long Points, DateTime EarnedAt);

/// <summary>Where a member stands on one challenge of today's rules: progress in the current window or period.</summary>
public sealed record ChallengeProgress(
    string ChallengeId, string Name, string Badge, ChallengeKind Kind, decimal Target, decimal Progress, long Points,
    bool Repeatable, bool Completed, int TimesCompleted);

public sealed record LeaderboardEntry(int Rank, string Name, long Points);

public sealed record Leaderboard(DateTime From, DateTime To, IReadOnlyList<LeaderboardEntry> Entries);

/// <summary>Every published rule version in order, to answer "which rules were in force then" in memory.</summary>
public sealed class RuleTimeline(IReadOnlyList<LoyaltyRuleSet> versions)
{
    private readonly List<(LoyaltyRuleSet Version, LoyaltyRules? Rules)> _versions =
        [.. versions.OrderBy(v => v.EffectiveFrom).ThenBy(v => v.Version).Select(v => (v, v.IsDeleted ? null : LoyaltyProgramme.Read(v)))];

    public DateTime? Start => _versions.Where(v => v.Rules is not null).Select(v => (DateTime?)v.Version.EffectiveFrom).FirstOrDefault();

    public IEnumerable<LoyaltyRules> All => _versions.Select(v => v.Rules).OfType<LoyaltyRules>();

    public (long RuleSetId, LoyaltyRules Rules)? At(DateTime at)
    {
        var found = _versions.LastOrDefault(v => v.Version.EffectiveFrom <= at);
        return found.Rules is null ? null : (found.Version.Id, found.Rules);
    }

    public static async Task<RuleTimeline> LoadAsync(RetainDbContext db, CancellationToken ct) =>
        new(await db.LoyaltyRuleSets.AsNoTracking().ToListAsync(ct));
}

public static class LoyaltyChallengeQueries
{
    /// <summary>
    /// What counts towards challenges for <paramref name="customers"/>: orders that earned (net of what was refunded
    /// since, so a wholly refunded order does not count) and events of the given types.
    /// </summary>
    public static async Task<ILookup<long, ChallengeActivity>> ActivityAsync(
        RetainDbContext db, IReadOnlyCollection<long> customers, IReadOnlyCollection<string> eventTypes, DateTime since, CancellationToken ct)
    {
        var lines = await db.LoyaltyOrderAwards.AsNoTracking().Where(a => customers.Contains(a.CustomerId))
            .SelectMany(a => a.Lines, (a, l) => new
            {
                a.CustomerId, a.Id, a.PlacedAt, l.NetAmount, l.Quantity,
                Returned = db.LoyaltyReversalLines.Where(r => r.AwardLineId == l.Id).Sum(r => (int?)r.Quantity) ?? 0,
            })
            .ToListAsync(ct);
        var orders = lines.GroupBy(l => l.Id).Select(g => (g.First().CustomerId, Activity: new ChallengeActivity(
            g.First().PlacedAt, null, g.Sum(l => l.NetAmount * (l.Quantity - l.Returned) / l.Quantity))));
        var events = eventTypes.Count == 0 ? [] : await db.Events.AsNoTracking()
            .Where(e => customers.Contains(e.CustomerId) && eventTypes.Contains(e.Type) && e.OccurredAt >= since)
            .Select(e => new { e.CustomerId, e.OccurredAt, e.Type }).ToListAsync(ct);
        return orders.Concat(events.Select(e => (e.CustomerId, Activity: new ChallengeActivity(e.OccurredAt, e.Type, 0m))))
            .ToLookup(x => x.CustomerId, x => x.Activity);
    }

    public static async Task<List<BadgeView>> BadgesAsync(RetainDbContext db, long customerId, CancellationToken ct) =>
        await db.LoyaltyBadges.AsNoTracking().Where(b => b.CustomerId == customerId).OrderBy(b => b.EarnedAt).ThenBy(b => b.Id)
            .Select(b => new BadgeView(b.ChallengeId, b.Badge, b.Period, b.Points, b.EarnedAt)).ToListAsync(ct);

    /// <summary>Progress on each challenge of the rules in force at <paramref name="now"/>.</summary>
    public static async Task<List<ChallengeProgress>> ProgressAsync(RetainDbContext db, long customerId, DateTime now, CancellationToken ct)
    {
        var timeline = await RuleTimeline.LoadAsync(db, ct);
        if (timeline.At(now) is not { } current || timeline.Start is not { } start)
            return [];
        var challenges = current.Rules.Challenges;
        var types = challenges.Select(c => c.EventType).OfType<string>().Distinct().ToList();
        var activity = (await ActivityAsync(db, [customerId], types, start, ct))[customerId].ToList();
        var badges = await db.LoyaltyBadges.AsNoTracking().Where(b => b.CustomerId == customerId).Select(b => new { b.ChallengeId, b.Period }).ToListAsync(ct);
        return [.. challenges.Select(c =>
        {
            var period = ChallengeEvaluator.PeriodOf(c, now);
            var from = ChallengeEvaluator.CountFrom(c, now, start);
            if (c.RepeatEvery is not null)
                from = from.AddTicks(-1);
            return new ChallengeProgress(c.Id, c.Name, c.Badge, c.Kind, c.Target, ChallengeEvaluator.Measure(c, activity, from, now), c.Points,
                c.RepeatEvery is not null, badges.Contains(new { ChallengeId = c.Id, Period = period }), badges.Count(b => b.ChallengeId == c.Id));
        })];
    }

    /// <summary>
    /// Points earned in [from, to) (earned, by action, challenge or referral, less refunds), top <paramref name="top"/>,
    /// names masked ("A*** K.") so the storefront can show it.
    /// </summary>
    public static async Task<List<LeaderboardEntry>> LeaderboardAsync(RetainDbContext db, DateTime from, DateTime to, int top, CancellationToken ct)
    {
        LoyaltyTransactionKind[] kinds = [LoyaltyTransactionKind.Earn, LoyaltyTransactionKind.Action, LoyaltyTransactionKind.Refund,
            LoyaltyTransactionKind.Challenge, LoyaltyTransactionKind.ReferralReward];
        LoyaltyAccount[] accounts = [LoyaltyAccount.Available, LoyaltyAccount.Pending, LoyaltyAccount.Debt];
        var sums = await db.LoyaltyEntries.AsNoTracking()
            .Where(e => e.CustomerId != null && accounts.Contains(e.Account))
            .Join(db.LoyaltyTransactions.Where(t => kinds.Contains(t.Kind) && t.CreatedAt >= from && t.CreatedAt < to), e => e.TransactionId, t => t.Id, (e, t) => e)
            .GroupBy(e => e.CustomerId!.Value).Select(g => new { CustomerId = g.Key, Points = g.Sum(e => e.Points) })
            .Where(g => g.Points > 0).OrderByDescending(g => g.Points).ThenBy(g => g.CustomerId).Take(top).ToListAsync(ct);
        var ids = sums.Select(s => s.CustomerId).ToList();
        var names = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => Mask(c.FirstName, c.LastName, c.Id), ct);
        return [.. sums.Select((s, i) => new LeaderboardEntry(i + 1, names[s.CustomerId], s.Points))];
    }

    /// <summary>First letter of the first name and initial of the last; a member without a name is "A member".</summary>
    public static string Mask(string? first, string? last, long id)
    {
        var head = string.IsNullOrWhiteSpace(first) ? null : $"{char.ToUpperInvariant(first.Trim()[0])}***";
        var tail = string.IsNullOrWhiteSpace(last) ? null : $"{char.ToUpperInvariant(last.Trim()[0])}.";
        return head is null && tail is null ? "A member" : string.Join(' ', new[] { head, tail }.OfType<string>());
    }
}
