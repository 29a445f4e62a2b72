namespace Retain.Core.Loyalty;

/// <summary>
/// A bonus campaign: orders placed from <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive) earn
/// <paramref name="Multiplier"/> times their usual points — for every member, or only for members of the listed
/// <paramref name="Tiers"/> when the order is placed (the campaign's segment).
/// </summary>
public sealed record BonusCampaign(string Name, DateTime From, DateTime To, decimal Multiplier, IReadOnlyList<string>? Tiers = null);

public static class BonusCampaigns
{
    /// <summary>
    /// The campaign multiplier for an order placed at <paramref name="placedAt"/> by a member of <paramref name="tier"/>:
    /// the highest of the campaigns running then (campaigns do not stack, so overlapping ones cannot multiply the cost
    /// by surprise), or 1 when none runs. It multiplies the tier's perk, per line, before rounding and the cap.
    /// </summary>
    public static decimal Multiplier(IReadOnlyList<BonusCampaign> campaigns, DateTime placedAt, string? tier)
    {
        var best = 1m;
        foreach (var c in campaigns)
            if (placedAt >= c.From && placedAt < c.To && (c.Tiers is null || (tier is not null && c.Tiers.Contains(tier))) && c.Multiplier > best)
                best = c.Multiplier;
        return best;
    }

    /// <summary>
    /// What an order's lines are multiplied by beyond the product and category rules: the tier perk of the member when
    /// the order was placed times the campaign running then. The ledger and the simulation both use this one place.
    /// </summary>
    public static decimal OrderMultiplier(LoyaltyRules rules, string? tier, DateTime placedAt) =>
        TierEvaluator.Multiplier(rules.Tiers, tier) * Multiplier(rules.Campaigns, placedAt, tier);

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
        }
    }
}
