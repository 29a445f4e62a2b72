using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Loyalty;

/// <summary>Badges, challenge progress and the opt-in leaderboard; and the shopper's own referral code, badges and progress.</summary>
internal static class ChallengeEndpoints
{
    public static void MapChallenges(this RouteGroupBuilder group)
    {
        group.MapGet("/members/{externalId}/badges", GetBadges).Reads().WithSummary("Badges the member earned, oldest first");
        group.MapGet("/members/{externalId}/challenges", GetProgress).Reads()
            .WithSummary("The member's progress on each challenge of today's rules (in its window or current period)");
        group.MapGet("/leaderboard", GetLeaderboard).Reads()
            .WithSummary("Top members by points earned in [from, to) (default: the last 30 days), names masked; only when the programme opts in");
    }

    public static void MapShopperEngagement(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/shopper/loyalty", "Loyalty shopper").RequireAuthorization(ShopperAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/referral", ShopperCode).WithSummary("The shopper's own referral code and link");
        group.MapGet("/badges", ShopperBadges).WithSummary("The shopper's badges");
        group.MapGet("/challenges", ShopperProgress).WithSummary("The shopper's progress on each challenge");
    }

    internal static async Task<Results<Ok<List<BadgeView>>, ProblemHttpResult>> GetBadges(string externalId, RetainDbContext db, CancellationToken ct) =>
        await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is { } id
            ? TypedResults.Ok(await LoyaltyChallengeQueries.BadgesAsync(db, id, ct))
            : LoyaltyApi.UnknownCustomer(externalId);

    internal static async Task<Results<Ok<List<ChallengeProgress>>, ProblemHttpResult>> GetProgress(
        string externalId, RetainDbContext db, TimeProvider time, CancellationToken ct) =>
        await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is { } id
            ? TypedResults.Ok(await LoyaltyChallengeQueries.ProgressAsync(db, id, time.GetUtcNow().UtcDateTime, ct))
            : LoyaltyApi.UnknownCustomer(externalId);

    internal static async Task<Results<Ok<Leaderboard>, ProblemHttpResult>> GetLeaderboard(
        DateTime? from, DateTime? to, int? top, RetainDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (_, rules) = await LoyaltyProgramme.RulesAtAsync(db, now, ct);
        if (rules?.Leaderboard is not { Enabled: true } board)
            return LoyaltyApi.Problem(StatusCodes.Status404NotFound, "leaderboard", "The programme has no leaderboard (rules.leaderboard.enabled).");
        var end = to is { } t ? UtcTime.Normalize(t) : now;
        var start = from is { } f ? UtcTime.Normalize(f) : end.AddDays(-30);
        if (start >= end)
            return LoyaltyApi.Problem(400, "from", "'from' must be before 'to'.");
        if (top is < 1 || top > board.Top)
            return LoyaltyApi.Problem(400, "top", $"'top' must be between 1 and {board.Top}.");
        return TypedResults.Ok(new Leaderboard(start, end, await LoyaltyChallengeQueries.LeaderboardAsync(db, start, end, top ?? board.Top, ct)));
    }

    internal static Task<Results<Ok<ReferralCodeView>, ProblemHttpResult>> ShopperCode(
        ClaimsPrincipal user, RetainDbContext db, LoyaltyReferralService referrals, CancellationToken ct) =>
        ReferralEndpoints.GetCode(ShopperAuthentication.ShopperOf(user), db, referrals, ct);

    internal static Task<Results<Ok<List<BadgeView>>, ProblemHttpResult>> ShopperBadges(ClaimsPrincipal user, RetainDbContext db, CancellationToken ct) =>
        GetBadges(ShopperAuthentication.ShopperOf(user), db, ct);

    internal static Task<Results<Ok<List<ChallengeProgress>>, ProblemHttpResult>> ShopperProgress(
        ClaimsPrincipal user, RetainDbContext db, TimeProvider time, CancellationToken ct) =>
        GetProgress(ShopperAuthentication.ShopperOf(user), db, time, ct);
}
