using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Customers;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Customers;

/// <summary>Customers: upsert by the shop's id, read one with metrics and timeline, list and search, merge duplicates, consents.</summary>
public static class CustomerEndpoints
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/customers", "Customers");
        group.MapPut("/{externalId}", Put).Writes().WithSummary("Create or replace a customer by the shop's id");
        group.MapGet("/{externalId}", Get).Reads().WithSummary("A customer with order metrics and a timeline of orders, refunds and events");
        group.MapGet("/", List).Reads().WithSummary("List or search customers (q over id, e-mail and name), by page or cursor");
        group.MapPost("/merge", Merge).Writes().WithSummary("Merge a duplicate customer into another");
        group.MapConsents();
        return app;
    }

    public sealed record CustomerRequest(
        [property: EmailAddress, MaxLength(ColumnSizes.Email)] string? Email,
        [property: MaxLength(ColumnSizes.Phone)] string? Phone,
        [property: MaxLength(200)] string? FirstName,
        [property: MaxLength(200)] string? LastName,
        DateOnly? Birthday,
        [property: MaxLength(ColumnSizes.Country)] string? Country,
        [property: MaxLength(ColumnSizes.ShortText)] string? Language,
        [property: MaxLength(ColumnSizes.ShortText)] string? AcquisitionChannel,
        [property: MaxLength(100)] Dictionary<string, string>? Attributes);

    public sealed record MergeRequest(
        [property: Required, MaxLength(ColumnSizes.ExternalId)] string SourceExternalId,
        [property: Required, MaxLength(ColumnSizes.ExternalId)] string TargetExternalId);

    public sealed record ListQuery(
        [property: MaxLength(200)] string? Q,
        [property: Range(1, 1_000_000)] int? Page,
        [property: Range(1, MaxPageSize)] int? PageSize,
        string? Cursor);

    internal static async Task<Results<Created<CustomerDetail>, Ok<CustomerDetail>, ValidationProblem>> Put(
        string externalId, CustomerRequest request, RetainDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ApiSetup.CheckId(externalId, "externalId") is { } errors)
            return TypedResults.ValidationProblem(errors);
        var profile = new CustomerProfile(request.Email, request.Phone, request.FirstName, request.LastName, request.Birthday,
            request.Country, request.Language, request.AcquisitionChannel, request.Attributes);
        var (_, outcome) = await CustomerWrites.UpsertAsync(db, externalId, profile, time.GetUtcNow().UtcDateTime, cancellationToken);
        var detail = (await CustomerReads.GetAsync(db, externalId, cancellationToken))!;
        return outcome == WriteOutcome.Created
            ? TypedResults.Created($"/api/v1/customers/{Uri.EscapeDataString(externalId)}", detail)
            : TypedResults.Ok(detail);
    }

    internal static async Task<Results<Ok<CustomerDetail>, ProblemHttpResult>> Get(
        string externalId, RetainDbContext db, CancellationToken cancellationToken) =>
        await CustomerReads.GetAsync(db, externalId, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No customer '{externalId}'.");

    internal static async Task<Results<Ok<CustomerPage>, ValidationProblem>> List(
        [AsParameters] ListQuery query, RetainDbContext db, CancellationToken cancellationToken)
    {
        long? after = null;
        if (query.Cursor is { Length: > 0 } cursor)
        {
            if (!long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["Not a cursor this API returned."] });
            if (query.Page is not null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["Use either page or cursor, not both."] });
            after = id;
        }
        return TypedResults.Ok(await CustomerReads.ListAsync(db, query.Q, query.Page, query.PageSize ?? 50, after, cancellationToken));
    }

    internal static async Task<Ok<MergeResult>> Merge(MergeRequest request, RetainDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await CustomerMerge.MergeAsync(db, request.SourceExternalId, request.TargetExternalId, time.GetUtcNow().UtcDateTime, cancellationToken));
}
