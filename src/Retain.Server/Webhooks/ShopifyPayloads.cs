using System.Globalization;
using System.Text.Json.Serialization;
using Retain.Core.Orders;

namespace Retain.Server.Webhooks;

/// <summary>The parts of Shopify's order webhook payload (orders/create, orders/updated) that Retain stores.</summary>
public sealed record ShopifyOrder(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("cancelled_at")] DateTimeOffset? CancelledAt,
    [property: JsonPropertyName("financial_status")] string? FinancialStatus,
    [property: JsonPropertyName("customer")] ShopifyCustomer? Customer,
    [property: JsonPropertyName("billing_address")] ShopifyAddress? BillingAddress,
    [property: JsonPropertyName("line_items")] List<ShopifyLineItem> LineItems,
    [property: JsonPropertyName("shipping_lines")] List<ShopifyShippingLine>? ShippingLines)
{
    /// <summary>
    /// The order as Retain's model: the Shopify order id is the external id (refund webhooks name the order only by it),
    /// the e-mail is the customer id as in the Shopify CSV preset, and lines are numbered in payload order.
    /// </summary>
    public OrderInput ToInput() => new(
        Email ?? Customer?.Email ?? Customer?.Id.ToString(CultureInfo.InvariantCulture),
        Email ?? Customer?.Email,
        CreatedAt.UtcDateTime,
        Currency,
        CancelledAt is not null ? OrderStatus.Cancelled : FinancialStatus is "paid" or "partially_refunded" or "refunded" ? OrderStatus.Paid : OrderStatus.Placed,
        ShippingLines?.Sum(s => Money(s.Price)) ?? 0m,
        BillingAddress?.CountryCode,
        [.. LineItems.Select((l, i) => new OrderLineInput(i + 1, SkuOf(l), l.Title, l.Quantity, Money(l.Price), Money(l.TotalDiscount)))]);

    public static string SkuOf(ShopifyLineItem line) =>
        string.IsNullOrWhiteSpace(line.Sku) ? $"shopify-variant-{line.VariantId?.ToString(CultureInfo.InvariantCulture) ?? line.Id.ToString(CultureInfo.InvariantCulture)}" : line.Sku;

    /// <summary>Shopify sends amounts as decimal strings.</summary>
    public static decimal Money(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;
}

public sealed record ShopifyCustomer([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("email")] string? Email);

public sealed record ShopifyAddress([property: JsonPropertyName("country_code")] string? CountryCode);

public sealed record ShopifyShippingLine([property: JsonPropertyName("price")] string? Price);

public sealed record ShopifyLineItem(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("variant_id")] long? VariantId,
    [property: JsonPropertyName("sku")] string? Sku,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("price")] string? Price,
    [property: JsonPropertyName("total_discount")] string? TotalDiscount);

/// <summary>Shopify's refunds/create payload.</summary>
public sealed record ShopifyRefund(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("order_id")] long OrderId,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("refund_line_items")] List<ShopifyRefundLine> RefundLineItems);

public sealed record ShopifyRefundLine(
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("subtotal")] decimal? Subtotal,
    [property: JsonPropertyName("line_item")] ShopifyLineItem LineItem);
