using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Consents;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Customers;

/// <summary>A customer's consents: record a decision (append-only), read the current state and its history.</summary>
public static class ConsentEndpoints
{
    public static RouteGroupBuilder MapConsents(this RouteGroupBuilder customers)
    {
        customers.MapPost("/{externalId}/consents", Post).Writes().WithSummary("Record a consent decision (append-only)");
        customers.MapGet("/{externalId}/consents", Get).Reads().WithSummary("Current consent per purpose and channel, with history");
        return customers;
    }

    public sealed record ConsentRequest(
        [property: Required, MaxLength(ColumnSizes.ShortText)] string Purpose,
        [property: Required, MaxLength(ColumnSizes.ShortText)] string Channel,
        [property: Required] bool? Granted,
        [property: Required, MaxLength(ColumnSizes.ShortText)] string LawfulBasis,
        [property: MaxLength(ColumnSizes.ShortText)] string? TextVersion,
        [property: MaxLength(ColumnSizes.ShortText)] string? Source,
        DateTime? RecordedAt);

    internal static async Task<Results<Created<ConsentView>, Ok<ConsentView>, ValidationProblem>> Post(
        string externalId, ConsentRequest request, RetainDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ApiSetup.CheckId(externalId, "externalId") is { } errors)
            return TypedResults.ValidationProblem(errors);
        var input = new ConsentInput(request.Purpose, request.Channel, request.Granted!.Value, request.LawfulBasis, request.TextVersion, request.Source, request.RecordedAt);
        var (consent, outcome) = await ConsentWrites.RecordAsync(db, externalId, input, time.GetUtcNow().UtcDateTime, cancellationToken);
        return outcome == WriteOutcome.Created
            ? TypedResults.Created($"/api/v1/customers/{Uri.EscapeDataString(externalId)}/consents", consent)
            : TypedResults.Ok(consent);
    }

    internal static async Task<Ok<ConsentsView>> Get(string externalId, RetainDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ConsentWrites.GetAsync(db, externalId, cancellationToken));
}
