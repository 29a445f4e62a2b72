using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Loyalty;

/// <summary>Proposed rules (same shape as <c>PUT /programme</c>) and how many months back to replay (12 by default).</summary>
public sealed record SimulateRequest(LoyaltyRules? Rules, int? Months);

/// <summary>The programme's money side: what the points outstanding are worth, and what a rule change would cost.</summary>
internal static class LiabilityEndpoints
{
    public static void MapLiability(this RouteGroupBuilder group)
    {
        group.MapGet("/programme/liability", GetLiability).Reads()
            .WithSummary("Outstanding points × point value per tier and in total, expected breakage, points expiring in 30/90 days");
        // A POST only because the rules are a body; it reads and writes nothing, so the read scope is enough.
        group.MapPost("/programme/simulations", Simulate).Reads().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Replay the last months of real orders and refunds through proposed rules, beside the current ones; writes nothing");
    }

    internal static async Task<Ok<LiabilityReport>> GetLiability(RetainDbContext db, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await LoyaltyLiabilityQueries.ReportAsync(db, time.GetUtcNow().UtcDateTime, ct));

    internal static async Task<Results<Ok<SimulationReport>, ProblemHttpResult>> Simulate(
        SimulateRequest request, RetainDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (request.Rules is null)
            return LoyaltyApi.Problem(422, "rules", "The proposed rules are required.");
        try
        {
            return TypedResults.Ok(await LoyaltySimulation.RunAsync(db, request.Rules, time.GetUtcNow().UtcDateTime, request.Months ?? 12, ct));
        }
        catch (LoyaltyException ex)
        {
            return LoyaltyApi.Problem((int)ex.Kind, RuleField(ex.Field), ex.Message);
        }
    }

    /// <summary>The programme names rule fields as C# does; the API answers with the JSON path.</summary>
    internal static string RuleField(string? field) => field switch
    {
        null or "" => "rules",
        "months" => "months",
        _ => $"rules.{char.ToLowerInvariant(field[0])}{field[1..]}",
    };
}
