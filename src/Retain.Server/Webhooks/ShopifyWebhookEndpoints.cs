using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retain.Core.Orders;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Webhooks;

/// <summary>Options for incoming Shopify webhooks (section <c>Retain:Webhooks:Shopify</c>).</summary>
public sealed class ShopifyWebhookOptions
{
    public const string SectionName = "Retain:Webhooks:Shopify";

    /// <summary>The app's client secret (Shopify signs every webhook body with it); webhooks are refused while it is empty.</summary>
    public string? Secret { get; set; }
}

/// <summary>
/// Shopify webhooks (<c>orders/create</c>, <c>orders/updated</c>, <c>refunds/create</c>) onto the same model as the API,
/// so a Shopify shop connects with no code. A body is accepted only with a valid <c>X-Shopify-Hmac-Sha256</c>; Shopify
/// retries deliveries, which the upsert semantics absorb.
/// </summary>
public static partial class ShopifyWebhookEndpoints
{
    public const string SignatureHeader = "X-Shopify-Hmac-Sha256";

    public static IEndpointRouteBuilder MapShopifyWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/webhooks/shopify", "Webhooks");
        group.MapPost("/{resource}/{action}", Receive).AllowAnonymous().AddEndpointFilter<WriteTransactionFilter>()
            .WithSummary("Receive a Shopify webhook (orders/create, orders/updated, refunds/create), verified by its HMAC");
        return app;
    }

    internal static async Task<Results<Ok<WebhookResult>, ProblemHttpResult>> Receive(
        string resource, string action, HttpRequest request, RetainDbContext db, TimeProvider time, IOptions<ShopifyWebhookOptions> options,
        IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.Secret))
            return TypedResults.Problem(statusCode: 404, title: "Not configured", detail: $"Set {ShopifyWebhookOptions.SectionName}:Secret to receive Shopify webhooks.");
        var body = await ReadBodyAsync(request, api.Value.MaxBodyBytes, cancellationToken);
        if (!Verify(body, request.Headers[SignatureHeader].ToString(), options.Value.Secret))
            return TypedResults.Problem(statusCode: 401, title: "Invalid signature", detail: $"The {SignatureHeader} header does not match the body.");
        var topic = $"{resource}/{action}";
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            switch (topic)
            {
                case "orders/create" or "orders/updated":
                    var order = JsonSerializer.Deserialize<ShopifyOrder>(body) ?? throw new JsonException("empty payload");
                    var (_, outcome) = await OrderWrites.UpsertAsync(db, order.Id.ToString(CultureInfo.InvariantCulture), order.ToInput(), "webhook:shopify", now, cancellationToken);
                    return TypedResults.Ok(new WebhookResult(topic, order.Id.ToString(CultureInfo.InvariantCulture), outcome.ToString().ToLowerInvariant()));
                case "refunds/create":
                    var refund = JsonSerializer.Deserialize<ShopifyRefund>(body) ?? throw new JsonException("empty payload");
                    var orderId = refund.OrderId.ToString(CultureInfo.InvariantCulture);
                    var lines = await LineNumbersAsync(db, orderId, refund, cancellationToken);
                    if (lines.Count == 0)
                        return TypedResults.Problem(statusCode: 422, title: "Nothing to refund", detail: $"No refunded line of Shopify refund {refund.Id} matches a line of order {orderId}.");
                    var input = new RefundInput($"shopify-refund-{refund.Id}", refund.CreatedAt.UtcDateTime, RefundKind.Refund, refund.Note, lines);
                    var (view, refundOutcome) = await RefundWrites.RecordAsync(db, orderId, input, "webhook:shopify", now, cancellationToken);
                    return TypedResults.Ok(new WebhookResult(topic, view.ExternalId, refundOutcome.ToString().ToLowerInvariant()));
                default:
                    return TypedResults.Problem(statusCode: 422, title: "Unsupported topic", detail: $"Retain does not handle '{topic}'.");
            }
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Malformed payload", detail: ex.Message);
        }
    }

    public sealed record WebhookResult(string Topic, string ExternalId, string Outcome);

    /// <summary>Base64 HMAC-SHA256 of the raw body with the secret, compared in constant time.</summary>
    public static bool Verify(byte[] body, string signature, string secret)
    {
        if (string.IsNullOrEmpty(signature))
            return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        Span<byte> given = stackalloc byte[64];
        return Convert.TryFromBase64String(signature, given, out var written) && CryptographicOperations.FixedTimeEquals(expected, given[..written]);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > limit)
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        return buffer.ToArray();
    }

    /// <summary>
    /// Shopify names refunded lines by its own line-item id, which Retain does not store; the order's lines are matched
    /// by SKU (as the order webhook derived it) in line order, taking lines that still have units left first.
    /// </summary>
    private static async Task<List<RefundLineInput>> LineNumbersAsync(RetainDbContext db, string orderId, ShopifyRefund refund, CancellationToken cancellationToken)
    {
        var lines = await db.Orders.AsNoTracking().Where(o => o.ExternalId == orderId).SelectMany(o => o.Lines)
            .OrderBy(l => l.LineNo).Select(l => new { l.LineNo, l.Sku, l.Quantity }).ToListAsync(cancellationToken);
        var taken = new Dictionary<int, int>();
        var result = new List<RefundLineInput>();
        foreach (var r in refund.RefundLineItems)
        {
            var sku = ShopifyOrder.SkuOf(r.LineItem);
            var line = lines.FirstOrDefault(l => l.Sku == sku && l.Quantity - taken.GetValueOrDefault(l.LineNo) >= r.Quantity)
                ?? lines.FirstOrDefault(l => l.Sku == sku);
            if (line is null)
                continue;
            taken[line.LineNo] = taken.GetValueOrDefault(line.LineNo) + r.Quantity;
            result.Add(new RefundLineInput(line.LineNo, r.Quantity, r.Subtotal));
        }
        return result;
    }
}
