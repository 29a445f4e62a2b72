using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Loyalty;

public sealed record AwardRequest(string? Action, DateTime? OccurredAt);

public sealed record AdjustRequest(long Points, string? Reason);

/// <summary>Spend either <see cref="Points"/> or a catalogue reward's cost (<see cref="RewardId"/>, which issues a code).</summary>
public sealed record RedeemRequest(long? Points, long? RewardId);

public sealed record CancelRequest(string? RedemptionKey);

/// <summary>A ledger command's answer. <see cref="Key"/> is the ledger key; a redemption is cancelled by it.</summary>
public sealed record CommandResponse(string Key, long TransactionId, long Points, RewardCodeResult? Code = null);

/// <summary>Members' balances, history and tier, and the commands that move points.</summary>
internal static class MemberEndpoints
{
    public const int MaxPageSize = 200;

    public static void MapMembers(this RouteGroupBuilder group)
    {
        group.MapGet("/members/{externalId}", GetMember).Reads().WithSummary("A member's balances (available, pending, debt), tier and progress to the next");
        group.MapGet("/members/{externalId}/history", GetHistory).Reads().WithSummary("A member's ledger history, newest first, paged");
        group.MapGet("/members/{externalId}/codes", GetCodes).Reads().WithSummary("Reward codes issued to a member");
        group.MapPost("/members/{externalId}/awards", Award).Commands().WithSummary("Points for an action (sign-up, review, a custom event), under the rules in force when it happened; needs Idempotency-Key");
        group.MapPost("/members/{externalId}/redemptions", Redeem).Commands().WithSummary("Spend points, or buy a reward and get its one-time code; needs Idempotency-Key");
        group.MapPost("/members/{externalId}/adjustments", Adjust).Administers().WithSummary("A manual correction, positive or negative; needs Idempotency-Key");
        group.MapPost("/cancellations", Cancel).Commands().WithSummary("Cancel a redemption (by the key it answered with): the points come back, its unused code is void; needs Idempotency-Key");
    }

    internal static async Task<Results<Ok<MemberView>, ProblemHttpResult>> GetMember(
        string externalId, RetainDbContext db, TimeProvider time, CancellationToken ct) =>
        await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is { } id
            ? TypedResults.Ok(await LoyaltyQueries.MemberAsync(db, id, externalId, time.GetUtcNow().UtcDateTime, ct))
            : LoyaltyApi.UnknownCustomer(externalId);

    internal static async Task<Results<Ok<HistoryPage>, ProblemHttpResult>> GetHistory(
        string externalId, int? page, int? pageSize, RetainDbContext db, CancellationToken ct)
    {
        if (page is < 1)
            return LoyaltyApi.Problem(400, "page", "'page' must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize)
            return LoyaltyApi.Problem(400, "pageSize", $"'pageSize' must be between 1 and {MaxPageSize}.");
        return await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is { } id
            ? TypedResults.Ok(await LoyaltyQueries.HistoryAsync(db, id, page ?? 1, pageSize ?? 50, ct))
            : LoyaltyApi.UnknownCustomer(externalId);
    }

    internal static async Task<Results<Ok<List<CodeView>>, ProblemHttpResult>> GetCodes(string externalId, RetainDbContext db, CancellationToken ct) =>
        await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is { } id
            ? TypedResults.Ok(await LoyaltyQueries.CodesAsync(db, id, ct))
            : LoyaltyApi.UnknownCustomer(externalId);

    internal static Task<Results<Ok<CommandResponse>, ProblemHttpResult>> Award(
        string externalId, AwardRequest request, HttpContext http, RetainDbContext db, LoyaltyLedger ledger, CancellationToken ct) =>
        RunAsync(http, "award", externalId, db, "action", async (key, id) =>
        {
            if (request.OccurredAt is not { } at)
                throw new InvalidLoyaltyCommandException("occurredAt", "When the action happened is required (so a retry is the same command).");
            var result = await ledger.AwardForActionAsync(new AwardForAction(key, id, request.Action ?? "", at), ct);
            return new CommandResponse(key, result.TransactionId, result.Points);
        }, ct);

    internal static Task<Results<Ok<CommandResponse>, ProblemHttpResult>> Redeem(
        string externalId, RedeemRequest request, HttpContext http, RetainDbContext db, LoyaltyLedger ledger, CancellationToken ct) =>
        RedeemAsync(externalId, request, http, db, ledger, shopper: false, ct);

    /// <param name="shopper">A shopper's own request: their keys get their own namespace, so a shopper can neither
    /// replay nor block a key of the shop's backend.</param>
    internal static Task<Results<Ok<CommandResponse>, ProblemHttpResult>> RedeemAsync(
        string externalId, RedeemRequest request, HttpContext http, RetainDbContext db, LoyaltyLedger ledger, bool shopper, CancellationToken ct) =>
        RunAsync(http, shopper ? "shopper:{0}:redeem" : "redeem", externalId, db, "points", async (key, id) =>
        {
            if ((request.Points is null) == (request.RewardId is null))
                throw new InvalidLoyaltyCommandException("points", "Give either 'points' or 'rewardId'.");
            if (request.RewardId is { } rewardId)
            {
                try
                {
                    var code = await ledger.RedeemRewardAsync(new RedeemReward(key, id, rewardId), ct);
                    return new CommandResponse(key, code.TransactionId, code.Points, code);
                }
                catch (UnknownLoyaltyReferenceException ex)
                {
                    throw new FieldException(ex, "rewardId");
                }
            }
            var result = await ledger.RedeemAsync(new RedeemPoints(key, id, request.Points!.Value), ct);
            return new CommandResponse(key, result.TransactionId, result.Points);
        }, ct);

    internal static Task<Results<Ok<CommandResponse>, ProblemHttpResult>> Adjust(
        string externalId, AdjustRequest request, HttpContext http, RetainDbContext db, LoyaltyLedger ledger, CancellationToken ct) =>
        RunAsync(http, "adjust", externalId, db, "points", async (key, id) =>
        {
            if (string.IsNullOrWhiteSpace(request.Reason))
                throw new InvalidLoyaltyCommandException("reason", "A correction needs a reason.");
            var result = await ledger.AdjustAsync(new AdjustPoints(key, id, request.Points, request.Reason), ct);
            return new CommandResponse(key, result.TransactionId, result.Points);
        }, ct);

    internal static async Task<Results<Ok<CommandResponse>, ProblemHttpResult>> Cancel(
        CancelRequest request, HttpContext http, LoyaltyLedger ledger, CancellationToken ct)
    {
        if (LoyaltyApi.LedgerKey(http, "cancel", out var problem) is not { } key)
            return problem!;
        try
        {
            if (string.IsNullOrWhiteSpace(request.RedemptionKey))
                throw new InvalidLoyaltyCommandException("redemptionKey", "The key the redemption answered with is required.");
            var result = await ledger.CancelRedemptionAsync(new CancelRedemption(key, request.RedemptionKey.Trim()), ct);
            return TypedResults.Ok(new CommandResponse(key, result.TransactionId, result.Points));
        }
        catch (LoyaltyException ex)
        {
            return LoyaltyApi.Problem(ex, "redemptionKey");
        }
    }

    /// <summary>Resolves the member, takes the Idempotency-Key, runs the command, and turns a refusal into ProblemDetails.</summary>
    private static async Task<Results<Ok<CommandResponse>, ProblemHttpResult>> RunAsync(
        HttpContext http, string command, string externalId, RetainDbContext db, string field,
        Func<string, long, Task<CommandResponse>> body, CancellationToken ct)
    {
        if (await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is not { } id)
            return LoyaltyApi.UnknownCustomer(externalId);
        if (LoyaltyApi.LedgerKey(http, string.Format(CultureInfo.InvariantCulture, command, id), out var problem) is not { } key)
            return problem!;
        try
        {
            return TypedResults.Ok(await body(key, id));
        }
        catch (FieldException ex)
        {
            return LoyaltyApi.Problem(ex.Inner, ex.Field);
        }
        catch (LoyaltyException ex)
        {
            return LoyaltyApi.Problem(ex, field);
        }
    }

    /// <summary>A refusal whose field is known only at the call site.</summary>
    private sealed class FieldException(LoyaltyException inner, string fieldName) : Exception(inner.Message, inner)
    {
        public LoyaltyException Inner => inner;
        public string Field => fieldName;
    }
}
