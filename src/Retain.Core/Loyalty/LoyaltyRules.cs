namespace Retain.Core.Loyalty;

/// <summary>
/// One version of the programme's rules. Stored whole as JSON in <see cref="LoyaltyRuleSet.RulesJson"/>: a rule set is
/// always read and written as one value, never queried by field, and never changed once stored, so child tables for
/// the multipliers and rewards would only add joins and ways to change a used version by accident.
/// </summary>
public sealed record LoyaltyRules
{
    /// <summary>Points per one unit of the shop's base currency of a line's net amount.</summary>
    public decimal PointsPerUnit { get; init; } = 1m;

    /// <summary>Multiplier by category reference; a product multiplier, when there is one, wins (the more specific rule).</summary>
    public IReadOnlyDictionary<string, decimal> CategoryMultipliers { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Multiplier by product SKU.</summary>
    public IReadOnlyDictionary<string, decimal> ProductMultipliers { get; init; } = new Dictionary<string, decimal>();

    /// <summary>An order whose net amount (base currency) is below this earns nothing.</summary>
    public decimal MinimumOrder { get; init; }

    /// <summary>At most this many points for one order; null means no cap.</summary>
    public long? PerOrderCap { get; init; }

    /// <summary>Order points stay pending this long (the return window) before they can be spent.</summary>
    public TimeSpan PendingPeriod { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Available points expire this long after they were credited; null means never.</summary>
    public TimeSpan? ExpiryPeriod { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Tiers by threshold; empty means no tiers.</summary>
    public IReadOnlyList<TierRule> Tiers { get; init; } = [];

    public TierBasis TierBasis { get; init; } = TierBasis.Spend;

    /// <summary>The rolling qualification window, and the length of the period a tier is held before it can drop.</summary>
    public TimeSpan TierPeriod { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// What one point is worth in the base currency, for the liability report and the simulation; null means it is
    /// read from the rewards catalogue (see <see cref="LoyaltyLiability.PointValue"/>).
    /// </summary>
    public decimal? PointValue { get; init; }

    /// <summary>Points for actions by kind (see <see cref="LoyaltyActions"/> for the built-in kinds; any custom event type works).</summary>
    public IReadOnlyDictionary<string, long> ActionRewards { get; init; } = new Dictionary<string, long>();

    /// <summary>Bonus campaigns: extra earning for orders placed in a date range, for everyone or for some tiers.</summary>
    public IReadOnlyList<BonusCampaign> Campaigns { get; init; } = [];

    /// <summary>Referral points, link and limits; null means the programme has no referrals.</summary>
    public ReferralRules? Referrals { get; init; }

    /// <summary>Challenges that earn badges (and optionally points).</summary>
    public IReadOnlyList<ChallengeRule> Challenges { get; init; } = [];

    /// <summary>The opt-in leaderboard; null or disabled means none.</summary>
    public LeaderboardRules? Leaderboard { get; init; }
}

/// <summary>The built-in action kinds; shops may add their own event types.</summary>
public static class LoyaltyActions
{
    public const string SignUp = "sign_up";
    public const string Birthday = "birthday";
    public const string Review = "review";
    public const string Survey = "survey";
    public const string Referral = "referral";
    public const string SocialShare = "social_share";
}
