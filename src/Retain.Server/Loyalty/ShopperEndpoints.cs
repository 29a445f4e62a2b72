using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Loyalty;

public sealed record ShopperRedeemRequest(long? RewardId);

/// <summary>
/// The storefront widget's API: the signed-in shopper's own balance, history, tier progress, rewards and codes, and
/// redeeming a reward. The customer comes only from the token, never from the request, so a shopper cannot ask for
/// another's points.
/// </summary>
internal static class ShopperEndpoints
{
    public static void MapShopper(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/shopper/loyalty", "Loyalty shopper").RequireAuthorization(ShopperAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", GetMe).WithSummary("The shopper's balances, tier and progress to the next tier");
        group.MapGet("/history", GetHistory).WithSummary("The shopper's points history, newest first");
        group.MapGet("/rewards", GetRewards).WithSummary("Rewards, with whether the shopper's tier allows each and whether they have the points");
        group.MapGet("/codes", GetCodes).WithSummary("The shopper's reward codes");
        group.MapPost("/redemptions", Redeem).WithSummary("Buy a reward with points; answers with its one-time code; needs Idempotency-Key");
    }

    internal static Task<Results<Ok<MemberView>, ProblemHttpResult>> GetMe(ClaimsPrincipal user, RetainDbContext db, TimeProvider time, CancellationToken ct) =>
        MemberEndpoints.GetMember(ShopperAuthentication.ShopperOf(user), db, time, ct);

    internal static Task<Results<Ok<HistoryPage>, ProblemHttpResult>> GetHistory(ClaimsPrincipal user, int? page, RetainDbContext db, CancellationToken ct) =>
        MemberEndpoints.GetHistory(ShopperAuthentication.ShopperOf(user), page, 20, db, ct);

    internal static Task<Results<Ok<List<CodeView>>, ProblemHttpResult>> GetCodes(ClaimsPrincipal user, RetainDbContext db, CancellationToken ct) =>
        MemberEndpoints.GetCodes(ShopperAuthentication.ShopperOf(user), db, ct);

    internal static async Task<Results<Ok<List<AvailableReward>>, ProblemHttpResult>> GetRewards(
        ClaimsPrincipal user, RetainDbContext db, TimeProvider time, CancellationToken ct)
    {
        var externalId = ShopperAuthentication.ShopperOf(user);
        return await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is { } id
            ? TypedResults.Ok(await LoyaltyQueries.AvailableRewardsAsync(db, id, time.GetUtcNow().UtcDateTime, ct))
            : LoyaltyApi.UnknownCustomer(externalId);
    }

    internal static async Task<Results<Ok<CommandResponse>, ProblemHttpResult>> Redeem(
        ClaimsPrincipal user, ShopperRedeemRequest request, HttpContext http, RetainDbContext db, LoyaltyLedger ledger, CancellationToken ct)
    {
        var externalId = ShopperAuthentication.ShopperOf(user);
        if (request.RewardId is null)
            return LoyaltyApi.Problem(422, "rewardId", "Which reward to redeem is required.");
        return await MemberEndpoints.RedeemAsync(externalId, new RedeemRequest(null, request.RewardId), http, db, ledger, shopper: true, ct);
    }
}
