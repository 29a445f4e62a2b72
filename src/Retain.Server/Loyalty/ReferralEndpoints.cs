using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Loyalty;

/// <summary>Attach a referred customer (the shop's id) to a code, with what the shop saw of them.</summary>
public sealed record ReferralRequest(string? CustomerId, string? Code, string? Email, string? Address, string? DeviceId);

public sealed record ReferralResponse(string Key, long Id, string ReferrerCustomerId, string ReferredCustomerId, ReferralStatus Status, string? Reason, long ReferrerPoints, long ReferredPoints);

/// <summary>What the shop saw of a member, for the self-referral checks; kept only as hashes.</summary>
public sealed record EvidenceRequest(string? Email, string? Address, string? DeviceId);

public sealed record EvidenceResponse(int Recorded);

/// <summary>Referral codes and links, attaching referrals, and a referrer's listing.</summary>
internal static class ReferralEndpoints
{
    public static void MapReferrals(this RouteGroupBuilder group)
    {
        group.MapGet("/members/{externalId}/referral", GetCode).Reads()
            .WithSummary("The member's referral code and link ({base url}?ref=CODE), created on first request and never changed");
        group.MapGet("/members/{externalId}/referrals", GetReferrals).Reads()
            .WithSummary("The customers this member referred: pending, rewarded, or rejected with the reason");
        group.MapPost("/members/{externalId}/evidence", PostEvidence).Commands()
            .WithSummary("Record an e-mail, delivery address or device id seen for the member (hashed), for the self-referral checks");
        group.MapPost("/referrals", Attach).Commands()
            .WithSummary("Attach a referred customer to a code, with e-mail/address/device evidence; suspicious referrals are stored as rejected with a reason; needs Idempotency-Key");
    }

    internal static async Task<Results<Ok<ReferralCodeView>, ProblemHttpResult>> GetCode(
        string externalId, RetainDbContext db, LoyaltyReferralService referrals, CancellationToken ct) =>
        await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is { } id
            ? TypedResults.Ok(await referrals.CodeAsync(id, externalId, ct))
            : LoyaltyApi.UnknownCustomer(externalId);

    internal static async Task<Results<Ok<List<ReferralView>>, ProblemHttpResult>> GetReferrals(string externalId, RetainDbContext db, CancellationToken ct) =>
        await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is { } id
            ? TypedResults.Ok(await LoyaltyReferralService.ReferralsAsync(db, id, ct))
            : LoyaltyApi.UnknownCustomer(externalId);

    internal static async Task<Results<Ok<EvidenceResponse>, ProblemHttpResult>> PostEvidence(
        string externalId, EvidenceRequest request, RetainDbContext db, LoyaltyReferralService referrals, CancellationToken ct)
    {
        if (await LoyaltyQueries.CustomerIdAsync(db, externalId, ct) is not { } id)
            return LoyaltyApi.UnknownCustomer(externalId);
        try
        {
            return TypedResults.Ok(new EvidenceResponse(await referrals.RecordEvidenceAsync(id, request.Email, request.Address, request.DeviceId, ct)));
        }
        catch (LoyaltyException ex)
        {
            return LoyaltyApi.Problem(ex, "email");
        }
    }

    internal static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> Attach(
        ReferralRequest request, HttpContext http, RetainDbContext db, LoyaltyLedger ledger, CancellationToken ct)
    {
        if (LoyaltyApi.LedgerKey(http, "refer", out var problem) is not { } key)
            return problem!;
        if (string.IsNullOrWhiteSpace(request.CustomerId))
            return LoyaltyApi.Problem(422, "customerId", "The referred customer's id is required.");
        if (await LoyaltyQueries.CustomerIdAsync(db, request.CustomerId, ct) is not { } referredId)
            return LoyaltyApi.Problem(StatusCodes.Status404NotFound, "customerId", $"No customer has the id '{request.CustomerId}'.");
        try
        {
            var result = await ledger.AttachReferralAsync(new AttachReferral(key, referredId, request.Code ?? "", request.Email, request.Address, request.DeviceId), ct);
            var referrer = await LoyaltyReferralService.ExternalIdAsync(db, result.ReferrerId, ct);
            return TypedResults.Ok(new ReferralResponse(key, result.ReferralId, referrer, request.CustomerId, result.Status, result.Reason, result.ReferrerPoints, result.ReferredPoints));
        }
        catch (LoyaltyException ex)
        {
            return LoyaltyApi.Problem(ex, "code");
        }
    }
}
