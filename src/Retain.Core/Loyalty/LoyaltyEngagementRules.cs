using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>Checks the referral, challenge and leaderboard parts of a rule set before it is published.</summary>
internal static class LoyaltyEngagementRules
{
    public static void Validate(LoyaltyRules rules)
    {
        if (rules.Referrals is { } r)
        {
            if (r.ReferrerPoints < 0 || r.ReferredPoints < 0 || r.ReferrerPoints + r.ReferredPoints == 0)
                Fail(nameof(rules.Referrals), "Referral points cannot be negative, and at least one side must get some.");
            if (!Uri.TryCreate(r.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.Query.Length > 0)
                Fail(nameof(rules.Referrals), "The referral base URL must be an absolute http(s) URL without a query.");
            if (r.MaxPerReferrer < 1 || r.LimitPeriod <= TimeSpan.Zero)
                Fail(nameof(rules.Referrals), "The per-referrer limit must be at least 1 in a positive period.");
        }
        if (rules.Challenges.DistinctBy(c => c.Id).Count() != rules.Challenges.Count)
            Fail(nameof(rules.Challenges), "Challenge ids must be distinct.");
        foreach (var c in rules.Challenges)
        {
            if (string.IsNullOrWhiteSpace(c.Id) || c.Id.Length > ColumnSizes.ShortText || string.IsNullOrWhiteSpace(c.Badge) || c.Badge.Length > ColumnSizes.ShortText)
                Fail(nameof(rules.Challenges), $"A challenge needs an id and a badge of 1–{ColumnSizes.ShortText} characters.");
            if (c.Kind == ChallengeKind.Spend ? c.Amount <= 0m : c.Count < 1)
                Fail(nameof(rules.Challenges), $"Challenge '{c.Id}' needs a positive target.");
            if (c.Kind == ChallengeKind.Event && string.IsNullOrWhiteSpace(c.EventType))
                Fail(nameof(rules.Challenges), $"Challenge '{c.Id}' counts events, so it needs an event type.");
            if (c.Points < 0 || c.Window <= TimeSpan.Zero || c.RepeatEvery <= TimeSpan.Zero)
                Fail(nameof(rules.Challenges), $"Challenge '{c.Id}': points, window and repeat period cannot be negative.");
            // A repeatable challenge counts within its period; a rolling window beside it would be a second, conflicting span.
            if (c.RepeatEvery is not null && c.Window is not null)
                Fail(nameof(rules.Challenges), $"Challenge '{c.Id}' repeats, so it counts within its period and takes no window.");
        }
        if (rules.Leaderboard is { Top: < 1 or > 100 })
            Fail(nameof(rules.Leaderboard), "The leaderboard shows 1–100 members.");
    }

    private static void Fail(string field, string reason) => throw new InvalidLoyaltyCommandException(field, reason);
}
