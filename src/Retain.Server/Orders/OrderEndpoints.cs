using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Retain.Core.Orders;
using Retain.Core.Products;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Orders;

/// <summary>Orders with their lines (upsert by the shop's id), and refunds or returns per line.</summary>
public static class OrderEndpoints
{
    /// <summary>Far beyond any real order line, small enough that quantity × price cannot overflow the money columns.</summary>
    public const double MaxUnitPrice = 1_000_000_000;
    public const int MaxQuantity = 1_000_000;

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/orders", "Orders");
        group.MapPut("/{externalId}", Put).Writes().WithSummary("Create or replace an order with its lines (the customer is created if new)");
        group.MapGet("/{externalId}", Get).Reads().WithSummary("An order with its lines and what was refunded");
        group.MapPost("/{externalId}/refunds", PostRefund).Writes().WithSummary("Record a refund or return of order lines");
        return app;
    }

    public sealed record OrderLineRequest(
        [property: Range(1, 100_000)] int? LineNo,
        [property: Required, MaxLength(ColumnSizes.Sku)] string Sku,
        [property: MaxLength(500)] string? Name,
        [property: Required, Range(1, MaxQuantity)] int? Quantity,
        [property: Required, Range(0, MaxUnitPrice)] decimal? UnitPrice,
        [property: Range(0, MaxUnitPrice)] decimal? Discount);

    public sealed record OrderRequest(
        [property: MaxLength(ColumnSizes.ExternalId)] string? CustomerExternalId,
        [property: EmailAddress, MaxLength(ColumnSizes.Email)] string? CustomerEmail,
        [property: Required] DateTime? PlacedAt,
        [property: Required, StringLength(3, MinimumLength = 3)] string Currency,
        [property: AllowedValues(null, "placed", "paid", "fulfilled", "cancelled")] string? Status,
        [property: Range(0, MaxUnitPrice)] decimal? Shipping,
        [property: MaxLength(ColumnSizes.Country)] string? Country,
        [property: Required, MinLength(1)] List<OrderLineRequest> Lines);

    public sealed record RefundLineRequest(
        [property: Required, Range(1, 100_000)] int? LineNo,
        [property: Required, Range(1, MaxQuantity)] int? Quantity,
        [property: Range(0, MaxUnitPrice)] decimal? Amount);

    public sealed record RefundRequest(
        [property: Required, MaxLength(ColumnSizes.ExternalId)] string RefundExternalId,
        DateTime? RefundedAt,
        [property: AllowedValues(null, "refund", "return", "cancellation")] string? Kind,
        [property: MaxLength(1000)] string? Reason,
        [property: Required, MinLength(1)] List<RefundLineRequest> Lines);

    internal static async Task<Results<Created<OrderView>, Ok<OrderView>, ValidationProblem>> Put(
        string externalId, OrderRequest request, RetainDbContext db, TimeProvider time, IOptions<ApiOptions> options, CurrencyRates rates, ProductIds productIds,
        CancellationToken cancellationToken)
    {
        if (ApiSetup.CheckId(externalId, "externalId") is { } errors)
            return TypedResults.ValidationProblem(errors);
        if (request.Lines.Count > options.Value.MaxOrderLines)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lines"] = [$"At most {options.Value.MaxOrderLines} lines (Retain:Api:MaxOrderLines)."] });
        var input = new OrderInput(request.CustomerExternalId, request.CustomerEmail, request.PlacedAt!.Value, request.Currency,
            Enum.Parse<OrderStatus>(request.Status ?? "placed", ignoreCase: true), request.Shipping ?? 0m, request.Country,
            [.. request.Lines.Select((l, i) => new OrderLineInput(l.LineNo ?? i + 1, l.Sku, l.Name, l.Quantity!.Value, l.UnitPrice!.Value, l.Discount ?? 0m))]);
        var (order, outcome, customer) = await OrderWrites.UpsertAsync(db, externalId, input, "api", time.GetUtcNow().UtcDateTime, rates, productIds, cancellationToken);
        var view = outcome == WriteOutcome.Created
            ? OrderReads.ViewOfNew(order, customer, await rates.BaseCurrencyAsync(db, cancellationToken))
            : await OrderReads.ViewAsync(db, order, cancellationToken);
        return outcome == WriteOutcome.Created
            ? TypedResults.Created($"/api/v1/orders/{Uri.EscapeDataString(externalId)}", view)
            : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Get(
        string externalId, RetainDbContext db, CancellationToken cancellationToken) =>
        await OrderReads.GetAsync(db, externalId, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No order '{externalId}'.");

    internal static async Task<Results<Created<RefundView>, Ok<RefundView>, ValidationProblem>> PostRefund(
        string externalId, RefundRequest request, RetainDbContext db, TimeProvider time, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (ApiSetup.CheckId(externalId, "externalId") is { } errors)
            return TypedResults.ValidationProblem(errors);
        if (request.Lines.Count > options.Value.MaxOrderLines)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lines"] = [$"At most {options.Value.MaxOrderLines} lines."] });
        var input = new RefundInput(request.RefundExternalId, request.RefundedAt, Enum.Parse<RefundKind>(request.Kind ?? "refund", ignoreCase: true), request.Reason,
            [.. request.Lines.Select(l => new RefundLineInput(l.LineNo!.Value, l.Quantity!.Value, l.Amount))]);
        var (refund, outcome) = await RefundWrites.RecordAsync(db, externalId, input, "api", time.GetUtcNow().UtcDateTime, cancellationToken);
        return outcome == WriteOutcome.Created
            ? TypedResults.Created($"/api/v1/orders/{Uri.EscapeDataString(externalId)}/refunds/{Uri.EscapeDataString(refund.ExternalId)}", refund)
            : TypedResults.Ok(refund);
    }
}
