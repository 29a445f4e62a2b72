namespace Retain.Core.Loyalty;

/// <summary>
/// A stored version of the programme's rules, effective from <see cref="EffectiveFrom"/> until a later version takes
/// over. Rows are only ever added: a change is a new version, a deletion is a new version with
/// <see cref="IsDeleted"/> set (no programme from then on), so every version that ever awarded points stays readable.
/// </summary>
public sealed class LoyaltyRuleSet
{
    public long Id { get; set; }
    /// <summary>1, 2, 3 … in the order versions were published.</summary>
    public int Version { get; set; }
    public DateTime EffectiveFrom { get; set; }
    public DateTime CreatedAt { get; set; }
    public bool IsDeleted { get; set; }
    /// <summary>The <see cref="LoyaltyRules"/> as JSON; "{}" for a deletion.</summary>
    public required string RulesJson { get; set; }
}
