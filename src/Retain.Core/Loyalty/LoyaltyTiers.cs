using System.Text.Json.Serialization;

namespace Retain.Core.Loyalty;

/// <summary>What tier qualification counts over the rolling window.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TierBasis>))]
public enum TierBasis
{
    /// <summary>Net order amount in the base currency, less what was refunded.</summary>
    Spend = 0,
    /// <summary>Points earned by orders, less what refunds reversed.</summary>
    Points = 1,
}

/// <summary>
/// A tier reached at <paramref name="Threshold"/> (spend or points over the window), with its perks: an earn
/// multiplier (applied by the ledger), free shipping, early access and any flags the shop defines (e.g. "gift-wrap"),
/// which the shop's checkout and storefront read from the member and shopper APIs (<see cref="TierPerks"/>).
/// </summary>
public sealed record TierRule(
    string Name, decimal Threshold, decimal EarnMultiplier = 1m, bool FreeShipping = false, bool EarlyAccess = false, IReadOnlyList<string>? Flags = null);

/// <summary>What a member's current tier gives them; a member without a tier (or whose tier the rules no longer have) gets <see cref="None"/>.</summary>
public sealed record TierPerks(decimal EarnMultiplier, bool FreeShipping, bool EarlyAccess, IReadOnlyList<string> Flags)
{
    public static readonly TierPerks None = new(1m, false, false, []);

    public static TierPerks Of(IReadOnlyList<TierRule> tiers, string? tier) =>
        tiers.FirstOrDefault(t => t.Name == tier) is { } rule ? new(rule.EarnMultiplier, rule.FreeShipping, rule.EarlyAccess, rule.Flags ?? []) : None;
}

/// <summary>
/// Tier rules, pure. A customer moves up as soon as the rolling value reaches a higher tier (the period restarts then);
/// they move down only when their period ends, to whatever the value at that moment qualifies for.
/// </summary>
public static class TierEvaluator
{
    /// <summary>The highest tier whose threshold <paramref name="value"/> reaches, or null.</summary>
    public static TierRule? Qualify(IReadOnlyList<TierRule> tiers, decimal value) =>
        tiers.Where(t => value >= t.Threshold).MaxBy(t => t.Threshold);

    public static int Rank(IReadOnlyList<TierRule> tiers, string? name) =>
        name is null ? -1 : tiers.OrderBy(t => t.Threshold).Select(t => t.Name).ToList().IndexOf(name);

    public static decimal Multiplier(IReadOnlyList<TierRule> tiers, string? name) =>
        tiers.FirstOrDefault(t => t.Name == name)?.EarnMultiplier ?? 1m;
}
