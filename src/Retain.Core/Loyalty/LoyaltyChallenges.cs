using System.Text.Json.Serialization;

namespace Retain.Core.Loyalty;

[JsonConverter(typeof(JsonStringEnumConverter<ChallengeKind>))]
public enum ChallengeKind
{
    /// <summary><see cref="ChallengeRule.Count"/> orders (that earned and were not wholly refunded).</summary>
    Orders = 0,
    /// <summary><see cref="ChallengeRule.Amount"/> spent (net of refunds, base currency).</summary>
    Spend = 1,
    /// <summary><see cref="ChallengeRule.Count"/> events of <see cref="ChallengeRule.EventType"/> (e.g. "review": the first review).</summary>
    Event = 2,
}

/// <summary>
/// A challenge of the programme (<see cref="LoyaltyRules.Challenges"/>): reaching the target within
/// <see cref="Window"/> (a rolling window; null: since the programme began) earns <see cref="Badge"/> and
/// <see cref="Points"/>, once per member, or once per <see cref="RepeatEvery"/> period (counted within that period).
/// </summary>
public sealed record ChallengeRule
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public required string Badge { get; init; }
    public ChallengeKind Kind { get; init; }
    public int Count { get; init; } = 1;
    public decimal Amount { get; init; }
    public string? EventType { get; init; }
    public TimeSpan? Window { get; init; }
    public long Points { get; init; }
    public TimeSpan? RepeatEvery { get; init; }

    public decimal Target => Kind == ChallengeKind.Spend ? Amount : Count;
}

/// <summary>The optional leaderboard (<see cref="LoyaltyRules.Leaderboard"/>): the programme opts in.</summary>
public sealed record LeaderboardRules
{
    public bool Enabled { get; init; }
    public int Top { get; init; } = 10;
}

/// <summary>Something a member did that counts towards challenges: an order (with its net amount) or an event.</summary>
public sealed record ChallengeActivity(DateTime At, string? EventType, decimal Amount)
{
    public bool IsOrder => EventType is null;
}

/// <summary>A challenge reached: the moment, the period (0 unless repeatable) and the rule version that defined it.</summary>
public sealed record ChallengeCompletion(string ChallengeId, long Period, DateTime At, long RuleSetId, ChallengeRule Rule);

/// <summary>Pure evaluation of challenges over a member's activity; no database.</summary>
public static class ChallengeEvaluator
{
    /// <summary>Repeat periods count from here, so a period is the same calendar span for every member.</summary>
    public static readonly DateTime Anchor = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static long PeriodOf(ChallengeRule rule, DateTime at) =>
        rule.RepeatEvery is { } every ? (at - Anchor).Ticks / every.Ticks : 0;

    /// <summary>Where counting starts for <paramref name="rule"/> at <paramref name="at"/>: its period, its window, or the start.</summary>
    public static DateTime CountFrom(ChallengeRule rule, DateTime at, DateTime programmeStart) => rule switch
    {
        { RepeatEvery: { } every } => Anchor + TimeSpan.FromTicks(PeriodOf(rule, at) * every.Ticks),
        { Window: { } window } => at - window,
        _ => programmeStart.AddTicks(-1),
    };

    /// <summary>Progress towards <paramref name="rule"/> from the activity in (from, at].</summary>
    public static decimal Measure(ChallengeRule rule, IEnumerable<ChallengeActivity> activity, DateTime from, DateTime at)
    {
        var counted = activity.Where(a => a.At > from && a.At <= at);
        return rule.Kind switch
        {
            ChallengeKind.Orders => counted.Count(a => a.IsOrder && a.Amount > 0),
            ChallengeKind.Spend => counted.Where(a => a.IsOrder).Sum(a => a.Amount),
            _ => counted.Count(a => a.EventType == rule.EventType),
        };
    }

    /// <summary>
    /// Walks the activity in time order and reports each challenge (per period) the first moment it is reached, under
    /// the rule version in force at that moment; <paramref name="done"/> (challenge, period) are skipped.
    /// </summary>
    public static List<ChallengeCompletion> Completions(
        IReadOnlyList<ChallengeActivity> activity, Func<DateTime, (long RuleSetId, LoyaltyRules Rules)?> rulesAt,
        DateTime programmeStart, ISet<(string, long)> done)
    {
        var sorted = activity.OrderBy(a => a.At).ToList();
        var completions = new List<ChallengeCompletion>();
        foreach (var a in sorted)
        {
            if (rulesAt(a.At) is not { } version)
                continue;
            foreach (var rule in version.Rules.Challenges)
            {
                if (a.IsOrder == (rule.Kind == ChallengeKind.Event) || (!a.IsOrder && a.EventType != rule.EventType))
                    continue;
                var period = PeriodOf(rule, a.At);
                if (done.Contains((rule.Id, period)))
                    continue;
                var from = CountFrom(rule, a.At, programmeStart);
                // A repeat period includes its first instant; a rolling window and the programme start exclude theirs.
                if (rule.RepeatEvery is not null)
                    from = from.AddTicks(-1);
                if (Measure(rule, sorted, from, a.At) < rule.Target)
                    continue;
                completions.Add(new ChallengeCompletion(rule.Id, period, a.At, version.RuleSetId, rule));
                done.Add((rule.Id, period));
            }
        }
        return completions;
    }
}

/// <summary>A badge a member earned: one per challenge, or per period of a repeatable one (unique), never taken back.</summary>
public sealed class LoyaltyBadge
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public required string ChallengeId { get; set; }
    /// <summary>0 for a one-off challenge; the repeat period's number otherwise.</summary>
    public long Period { get; set; }
    public required string Badge { get; set; }
    public long Points { get; set; }
    public long RuleSetId { get; set; }
    public long TransactionId { get; set; }
    public DateTime EarnedAt { get; set; }
}
