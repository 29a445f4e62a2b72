using Retain.Core.Scores;

namespace Retain.Core.Loyalty;

/// <summary>
/// A bonus campaign: orders placed from <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive) earn
/// <paramref name="Multiplier"/> times their usual points — for every member, or only for its audience: members of
/// one of the listed <paramref name="Tiers"/> when the order is placed, and/or members of one of the listed scored
/// <paramref name="Segments"/> (<see cref="ScoredSegments.Names"/>: <c>at-risk</c>, <c>vip</c>, <c>rfm:champions</c> …)
/// in the newest score run when the ledger earns the order. With both lists, a member must match both.
/// </summary>
public sealed record BonusCampaign(string Name, DateTime From, DateTime To, decimal Multiplier,
    IReadOnlyList<string>? Tiers = null, IReadOnlyList<string>? Segments = null);

public static class BonusCampaigns
{
    /// <summary>
    /// The campaign multiplier for an order placed at <paramref name="placedAt"/> by a member of <paramref name="tier"/>
    /// in <paramref name="segments"/>: the highest of the campaigns running then whose audience includes the member
    /// (campaigns do not stack, so overlapping ones cannot multiply the cost by surprise), or 1 when none applies. It
    /// multiplies the tier's perk, per line, before rounding and the cap.
    /// </summary>
    public static decimal Multiplier(IReadOnlyList<BonusCampaign> campaigns, DateTime placedAt, string? tier, SegmentMembership segments)
    {
        var best = 1m;
        foreach (var c in campaigns)
            if (Runs(c, placedAt) && c.Multiplier > best
                && (c.Tiers is null || (tier is not null && c.Tiers.Contains(tier)))
                && (c.Segments is null || c.Segments.Any(segments.Contains)))
                best = c.Multiplier;
        return best;
    }

    /// <summary>
    /// Whether a campaign that names segments runs at <paramref name="placedAt"/>: only then does the ledger read the
    /// member's segments, so a programme without such campaigns never touches the scores.
    /// </summary>
    public static bool NeedsSegments(LoyaltyRules rules, DateTime placedAt) =>
        rules.Campaigns.Any(c => c.Segments is not null && Runs(c, placedAt));

    /// <summary>
    /// What an order's lines are multiplied by beyond the product and category rules: the tier perk of the member when
    /// the order was placed times the campaign that applies then. The ledger and the simulation both use this one place.
    /// </summary>
    public static decimal OrderMultiplier(LoyaltyRules rules, string? tier, DateTime placedAt, SegmentMembership segments) =>
        TierEvaluator.Multiplier(rules.Tiers, tier) * Multiplier(rules.Campaigns, placedAt, tier, segments);

    private static bool Runs(BonusCampaign c, DateTime placedAt) => placedAt >= c.From && placedAt < c.To;

    public static void Validate(LoyaltyRules rules)
    {
        foreach (var c in rules.Campaigns)
        {
            if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 100)
                throw new InvalidLoyaltyCommandException(nameof(rules.Campaigns), "A campaign needs a name of 1–100 characters.");
            if (c.To <= c.From)
                throw new InvalidLoyaltyCommandException(nameof(rules.Campaigns), $"Campaign '{c.Name}' must end after it starts.");
            if (c.Multiplier < 1m || c.Multiplier > 100m)
                throw new InvalidLoyaltyCommandException(nameof(rules.Campaigns), $"Campaign '{c.Name}': the multiplier must be between 1 and 100.");
            if (c.Tiers?.FirstOrDefault(t => rules.Tiers.All(r => r.Name != t)) is { } unknown)
                throw new InvalidLoyaltyCommandException(nameof(rules.Campaigns), $"Campaign '{c.Name}' names the tier '{unknown}', which the rules do not have.");
            if (c.Segments is { Count: 0 })
                throw new InvalidLoyaltyCommandException(nameof(rules.Campaigns), $"Campaign '{c.Name}': leave out segments for everyone rather than listing none.");
            if (c.Segments?.FirstOrDefault(s => !ScoredSegments.IsKnown(s)) is { } segment)
                throw new InvalidLoyaltyCommandException(nameof(rules.Campaigns),
                    $"Campaign '{c.Name}' names the segment '{segment}'; known segments: {string.Join(", ", ScoredSegments.Names)}.");
        }
    }
}
