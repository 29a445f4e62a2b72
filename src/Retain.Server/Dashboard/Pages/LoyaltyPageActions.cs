using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Server.Dashboard.Settings;

namespace Retain.Server.Dashboard.Pages;

/// <summary>What the loyalty page shows: the liability report (with the point flows) and the rules in force.</summary>
public sealed record LoyaltyPageView(LiabilityReport Report, LoyaltyRuleSet? Version, LoyaltyRules? Rules, int Versions);

/// <summary>A refused publish or simulation: 403 for a non-admin, else 422 with the rule field and the reason.</summary>
public sealed record LoyaltyFormError(bool Forbidden, string Field, string Reason);

/// <summary>
/// The loyalty page's reads and its two forms. Publishing goes through <see cref="LoyaltyProgramme.PublishAsync"/>,
/// the API's own validation, and checks the caller is an admin here on the server: the page hides the form from
/// others, but a forged POST reaches this code all the same.
/// </summary>
public sealed class LoyaltyPageActions(IDbContextFactory<RetainDbContext> contexts, LoyaltyProgramme programme, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<LoyaltyPageView> LoadAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var report = await LoyaltyLiabilityQueries.ReportAsync(db, now, ct);
        var (version, rules) = await LoyaltyProgramme.RulesAtAsync(db, now, ct);
        return new LoyaltyPageView(report, version, rules, await db.LoyaltyRuleSets.CountAsync(ct));
    }

    public async Task<(LoyaltyRuleSet? Published, LoyaltyFormError? Error)> PublishAsync(ClaimsPrincipal by, string? json, CancellationToken ct)
    {
        if (!SettingsActions.IsAdmin(by))
            return (null, new LoyaltyFormError(true, "rules", "forbidden"));
        var (rules, error) = Parse(json);
        if (error is not null)
            return (null, error);
        try
        {
            return (await programme.PublishAsync(rules!, time.GetUtcNow().UtcDateTime, ct), null);
        }
        catch (LoyaltyException ex)
        {
            return (null, new LoyaltyFormError(false, LiabilityFieldName(ex.Field), ex.Message));
        }
    }

    public async Task<(SimulationReport? Report, LoyaltyFormError? Error)> SimulateAsync(string? json, int months, CancellationToken ct)
    {
        var (rules, error) = Parse(json);
        if (error is not null)
            return (null, error);
        await using var db = await contexts.CreateDbContextAsync(ct);
        try
        {
            return (await LoyaltySimulation.RunAsync(db, rules!, time.GetUtcNow().UtcDateTime, months, ct), null);
        }
        catch (LoyaltyException ex)
        {
            return (null, new LoyaltyFormError(false, LiabilityFieldName(ex.Field), ex.Message));
        }
    }

    public static string Serialize(LoyaltyRules? rules) => JsonSerializer.Serialize(rules ?? new LoyaltyRules(), Json);

    private static (LoyaltyRules? Rules, LoyaltyFormError? Error) Parse(string? json)
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) || JsonSerializer.Deserialize<LoyaltyRules>(json, Json) is not { } rules
                ? (null, new LoyaltyFormError(false, "rules", "The rules are required."))
                : (rules, null);
        }
        catch (JsonException ex)
        {
            return (null, new LoyaltyFormError(false, ex.Path is { Length: > 1 } p ? "rules" + p[1..] : "rules", ex.Message));
        }
    }

    private static string LiabilityFieldName(string? field) => Loyalty.LiabilityEndpoints.RuleField(field);
}
