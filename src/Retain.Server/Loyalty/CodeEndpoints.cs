using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Loyalty;
using Retain.Server.Api;

namespace Retain.Server.Loyalty;

public sealed record ConsumeRequest(string? OrderRef);

/// <summary>The shop's checkout: check a reward code, then use it on an order, exactly once.</summary>
internal static class CodeEndpoints
{
    public static void MapCodes(this RouteGroupBuilder group)
    {
        group.MapGet("/codes/{code}", CheckCode).Reads().WithSummary("A code's reward when it can be used now; 404 unknown, 409 used, cancelled or expired");
        group.MapPost("/codes/{code}/consume", ConsumeCode).Commands().WithSummary("Use a code on an order, exactly once; a retry with the same Idempotency-Key and order gets the same answer");
    }

    internal static async Task<Results<Ok<CodeView>, ProblemHttpResult>> CheckCode(string code, LoyaltyLedger ledger, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(LoyaltyQueries.View(await ledger.CheckCodeAsync(code, ct)));
        }
        catch (LoyaltyException ex)
        {
            return LoyaltyApi.Problem(ex, "code");
        }
    }

    internal static async Task<Results<Ok<ConsumedCode>, ProblemHttpResult>> ConsumeCode(
        string code, ConsumeRequest request, HttpContext http, LoyaltyLedger ledger, CancellationToken ct)
    {
        if (LoyaltyApi.LedgerKey(http, "consume", out var problem) is not { } key)
            return problem!;
        try
        {
            return TypedResults.Ok(await ledger.ConsumeCodeAsync(new ConsumeCode(code, request.OrderRef ?? "", key), ct));
        }
        catch (LoyaltyException ex)
        {
            return LoyaltyApi.Problem(ex, "code");
        }
    }
}
