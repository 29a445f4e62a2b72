using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Loyalty;

public sealed record RuleVersionView(long Id, int Version, DateTime EffectiveFrom, DateTime CreatedAt, bool IsDeleted);

public sealed record ProgrammeView(RuleVersionView? Current, LoyaltyRules? Rules, IReadOnlyList<RuleVersionView> Versions);

public sealed record PublishRulesRequest(LoyaltyRules? Rules, DateTime? EffectiveFrom);

public sealed record RewardRequest(string? Name, RewardKind Kind, long Cost, decimal Value, string? Sku, string? MinTier, TimeSpan? CodeValidity, bool? IsActive);

/// <summary>Programme configuration: rule versions (with tiers) and the rewards catalogue.</summary>
internal static class ProgrammeEndpoints
{
    public static void MapProgramme(this RouteGroupBuilder group)
    {
        group.MapGet("/programme", GetProgramme).Reads().WithSummary("The rules in force, with every published version");
        group.MapPut("/programme", PublishRules).Administers().WithSummary("Publish a new rule version (earning, tiers, expiry), effective now or from a given time");
        group.MapDelete("/programme", EndProgramme).Administers().WithSummary("End the programme: a tombstone version; points already earned stay");
        group.MapGet("/rewards", GetRewards).Reads().WithSummary("The rewards catalogue");
        group.MapPost("/rewards", CreateReward).Administers().WithSummary("Add a reward: fixed or percentage discount, free shipping or a product");
        group.MapPut("/rewards/{id:long}", UpdateReward).Administers().WithSummary("Change a reward (issued codes keep what they were issued with)");
    }

    internal static async Task<Ok<ProgrammeView>> GetProgramme(RetainDbContext db, TimeProvider time, CancellationToken ct)
    {
        var versions = await db.LoyaltyRuleSets.AsNoTracking().OrderBy(r => r.Version)
            .Select(r => new RuleVersionView(r.Id, r.Version, r.EffectiveFrom, r.CreatedAt, r.IsDeleted)).ToListAsync(ct);
        var (current, rules) = await LoyaltyProgramme.RulesAtAsync(db, time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(new ProgrammeView(versions.FirstOrDefault(v => v.Id == current?.Id), rules, versions));
    }

    internal static async Task<Results<Ok<RuleVersionView>, ProblemHttpResult>> PublishRules(
        PublishRulesRequest request, LoyaltyProgramme programme, TimeProvider time, CancellationToken ct)
    {
        if (request.Rules is null)
            return LoyaltyApi.Problem(422, "rules", "The rules are required.");
        try
        {
            var row = await programme.PublishAsync(request.Rules, request.EffectiveFrom ?? time.GetUtcNow().UtcDateTime, ct);
            return TypedResults.Ok(new RuleVersionView(row.Id, row.Version, row.EffectiveFrom, row.CreatedAt, row.IsDeleted));
        }
        catch (LoyaltyException ex)
        {
            // The programme names rule fields as C# does; the API answers with the JSON path.
            return LoyaltyApi.Problem((int)ex.Kind, ex.Field is { Length: > 0 } f ? $"rules.{char.ToLowerInvariant(f[0])}{f[1..]}" : "rules", ex.Message);
        }
    }

    internal static async Task<Ok<RuleVersionView>> EndProgramme(LoyaltyProgramme programme, TimeProvider time, CancellationToken ct)
    {
        var row = await programme.DeleteAsync(time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(new RuleVersionView(row.Id, row.Version, row.EffectiveFrom, row.CreatedAt, row.IsDeleted));
    }

    internal static async Task<Ok<List<RewardView>>> GetRewards(RetainDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await LoyaltyQueries.RewardsAsync(db, activeOnly: false, ct));

    internal static async Task<Results<Created<RewardView>, ProblemHttpResult>> CreateReward(
        RewardRequest request, RetainDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await ValidateAsync(request, db, time, ct) is { } problem)
            return problem;
        var now = time.GetUtcNow().UtcDateTime;
        var reward = new LoyaltyReward { Name = request.Name!, CreatedAt = now };
        Apply(reward, request, now);
        db.LoyaltyRewards.Add(reward);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/loyalty/rewards/{reward.Id}", LoyaltyQueries.View(reward));
    }

    internal static async Task<Results<Ok<RewardView>, ProblemHttpResult>> UpdateReward(
        long id, RewardRequest request, RetainDbContext db, TimeProvider time, CancellationToken ct)
    {
        var reward = await db.LoyaltyRewards.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (reward is null)
            return LoyaltyApi.Problem(404, "id", $"No reward has the id {id}.");
        if (await ValidateAsync(request, db, time, ct) is { } problem)
            return problem;
        Apply(reward, request, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(LoyaltyQueries.View(reward));
    }

    private static void Apply(LoyaltyReward reward, RewardRequest request, DateTime now)
    {
        reward.Name = request.Name!.Trim();
        reward.Kind = request.Kind;
        reward.Cost = request.Cost;
        reward.Value = request.Value;
        reward.Sku = request.Sku;
        reward.MinTier = request.MinTier;
        reward.CodeValidity = request.CodeValidity ?? TimeSpan.FromDays(90);
        reward.IsActive = request.IsActive ?? true;
        reward.UpdatedAt = now;
    }

    /// <summary>The first thing wrong with a reward, as a 422 naming the field; null when it is fine.</summary>
    private static async Task<ProblemHttpResult?> ValidateAsync(RewardRequest r, RetainDbContext db, TimeProvider time, CancellationToken ct)
    {
        (string Field, string Reason)? error = r switch
        {
            { Name: null } or { Name.Length: 0 or > ColumnSizes.ExternalId } => ("name", $"A name of 1–{ColumnSizes.ExternalId} characters is required."),
            _ when !Enum.IsDefined(r.Kind) => ("kind", "Kind must be FixedDiscount, PercentDiscount, FreeShipping or Product."),
            { Cost: <= 0 } => ("cost", "The cost must be a positive whole number of points."),
            { Kind: RewardKind.FixedDiscount, Value: <= 0 } => ("value", "A fixed discount needs a positive amount."),
            { Kind: RewardKind.PercentDiscount, Value: <= 0 or > 100 } => ("value", "A percentage discount is more than 0 and at most 100."),
            { Kind: RewardKind.Product, Sku: null or "" } => ("sku", "A product reward needs the product's SKU."),
            { CodeValidity: { } v } when v <= TimeSpan.Zero => ("codeValidity", "Codes must be valid for a positive time."),
            _ => null,
        };
        if (error is null && r.MinTier is not null)
        {
            var (_, rules) = await LoyaltyProgramme.RulesAtAsync(db, time.GetUtcNow().UtcDateTime, ct);
            if (rules?.Tiers.Any(t => t.Name == r.MinTier) != true)
                error = ("minTier", $"The programme has no tier '{r.MinTier}'.");
        }
        return error is { } e ? LoyaltyApi.Problem(422, e.Field, e.Reason) : null;
    }
}
