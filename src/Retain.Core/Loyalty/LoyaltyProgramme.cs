using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>
/// Publishes rule versions. Nothing here updates or deletes a row: a change appends a version, a deletion appends a
/// tombstone version, so the version that awarded any point can always be read back.
/// </summary>
public sealed class LoyaltyProgramme(IDbContextFactory<RetainDbContext> contexts, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores <paramref name="rules"/> as a new version effective from <paramref name="effectiveFrom"/>.</summary>
    public Task<LoyaltyRuleSet> PublishAsync(LoyaltyRules rules, DateTime effectiveFrom, CancellationToken cancellationToken = default)
    {
        Validate(rules);
        return AppendAsync(JsonSerializer.Serialize(rules, Json), effectiveFrom, deleted: false, cancellationToken);
    }

    /// <summary>Ends the programme from <paramref name="effectiveFrom"/>: orders after it earn nothing until a new version.</summary>
    public Task<LoyaltyRuleSet> DeleteAsync(DateTime effectiveFrom, CancellationToken cancellationToken = default) =>
        AppendAsync("{}", effectiveFrom, deleted: true, cancellationToken);

    /// <summary>The version in force at <paramref name="at"/> (null when none was ever published or it was deleted).</summary>
    public async Task<(LoyaltyRuleSet? Version, LoyaltyRules? Rules)> RulesAtAsync(DateTime at, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RulesAtAsync(db, at, cancellationToken);
    }

    public static async Task<(LoyaltyRuleSet? Version, LoyaltyRules? Rules)> RulesAtAsync(RetainDbContext db, DateTime at, CancellationToken ct)
    {
        at = UtcTime.Normalize(at);
        var version = await db.LoyaltyRuleSets.AsNoTracking()
            .Where(r => r.EffectiveFrom <= at)
            .OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Version)
            .FirstOrDefaultAsync(ct);
        if (version is null || version.IsDeleted)
            return (version, null);
        return (version, Read(version));
    }

    internal static LoyaltyRules Read(LoyaltyRuleSet version) =>
        JsonSerializer.Deserialize<LoyaltyRules>(version.RulesJson, Json) ?? throw new InvalidOperationException($"Rule set {version.Id} is empty.");

    /// <summary>Throws <see cref="InvalidLoyaltyCommandException"/> naming the first field that is wrong; the simulation checks proposed rules with it too.</summary>
    public static void Validate(LoyaltyRules rules)
    {
        if (rules.PointsPerUnit < 0m)
            throw new InvalidLoyaltyCommandException(nameof(rules.PointsPerUnit), "The earn rate cannot be negative.");
        if (rules.PerOrderCap < 0)
            throw new InvalidLoyaltyCommandException(nameof(rules.PerOrderCap), "The per-order cap cannot be negative.");
        if (rules.PendingPeriod < TimeSpan.Zero || rules.ExpiryPeriod <= TimeSpan.Zero)
            throw new InvalidLoyaltyCommandException(nameof(rules.ExpiryPeriod), "Periods must be positive.");
        if (rules.CategoryMultipliers.Values.Concat(rules.ProductMultipliers.Values).Any(m => m < 0m))
            throw new InvalidLoyaltyCommandException(nameof(rules.ProductMultipliers), "Multipliers cannot be negative.");
        if (rules.Tiers.Any(t => string.IsNullOrWhiteSpace(t.Name) || t.Name.Length > ColumnSizes.ShortText) || rules.Tiers.DistinctBy(t => t.Name).Count() != rules.Tiers.Count)
            throw new InvalidLoyaltyCommandException(nameof(rules.Tiers), $"Tier names must be distinct, 1–{ColumnSizes.ShortText} characters.");
        if (rules.Tiers.Any(t => t.Threshold < 0m || t.EarnMultiplier < 0m) || rules.TierPeriod <= TimeSpan.Zero)
            throw new InvalidLoyaltyCommandException(nameof(rules.Tiers), "Tier thresholds, multipliers and the tier period cannot be negative.");
        if (rules.PointValue < 0m)
            throw new InvalidLoyaltyCommandException(nameof(rules.PointValue), "The point value cannot be negative.");
        if (rules.Tiers.Any(t => t.Flags is { } flags && (flags.Count > 20 || flags.Any(f => string.IsNullOrWhiteSpace(f) || f.Length > 50) || flags.Distinct().Count() != flags.Count)))
            throw new InvalidLoyaltyCommandException(nameof(rules.Tiers), "A tier's flags must be at most 20 distinct names of 1–50 characters.");
        if (rules.ActionRewards.Values.Any(p => p <= 0))
            throw new InvalidLoyaltyCommandException(nameof(rules.ActionRewards), "Action rewards must be positive.");
        BonusCampaigns.Validate(rules);
        LoyaltyEngagementRules.Validate(rules);
    }

    private async Task<LoyaltyRuleSet> AppendAsync(string json, DateTime effectiveFrom, bool deleted, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var last = await db.LoyaltyRuleSets.MaxAsync(r => (int?)r.Version, ct) ?? 0;
            var row = new LoyaltyRuleSet
            {
                Version = last + 1, EffectiveFrom = UtcTime.Normalize(effectiveFrom), CreatedAt = time.GetUtcNow().UtcDateTime,
                IsDeleted = deleted, RulesJson = json,
            };
            db.LoyaltyRuleSets.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return row;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another publisher took this version number; take the next.
            }
        }
    }
}
