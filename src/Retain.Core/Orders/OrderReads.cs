using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

public sealed record OrderLineView(int LineNo, string Sku, string? Name, int Quantity, decimal UnitPrice, decimal Discount, int QuantityRefunded);

/// <summary>An order as stored: line amounts in <see cref="Currency"/>, <see cref="Revenue"/> in <see cref="BaseCurrency"/>.</summary>
public sealed record OrderView(
    string ExternalId, string? CustomerExternalId, DateTime PlacedAt, string Status, string Currency, decimal ExchangeRate,
    decimal Shipping, decimal Revenue, decimal Refunded, string BaseCurrency, string? Country, string? Source,
    IReadOnlyList<OrderLineView> Lines, DateTime CreatedAt, DateTime UpdatedAt);

public static class OrderReads
{
    public static async Task<OrderView?> GetAsync(RetainDbContext db, string externalId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.ExternalId == externalId, cancellationToken);
        return order is null ? null : await ViewAsync(db, order, cancellationToken);
    }

    /// <summary>
    /// The view of an order this request has just created: nothing can have been refunded yet, and the caller knows the
    /// customer and the base currency, so it costs no query.
    /// </summary>
    public static OrderView ViewOfNew(Order order, string? customerExternalId, string baseCurrency) =>
        new(order.ExternalId, customerExternalId, order.PlacedAt, order.Status.ToString().ToLowerInvariant(), order.Currency,
            order.ExchangeRate, order.Shipping, order.Revenue, 0m, baseCurrency, order.Country, order.Source,
            [.. order.Lines.OrderBy(l => l.LineNo).Select(l => new OrderLineView(l.LineNo, l.Sku, l.Name, l.Quantity, l.UnitPrice, l.Discount, 0))],
            order.CreatedAt, order.UpdatedAt);

    public static async Task<OrderView> ViewAsync(RetainDbContext db, Order order, CancellationToken cancellationToken)
    {
        var customer = order.CustomerId is { } id
            ? await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.ExternalId).FirstOrDefaultAsync(cancellationToken)
            : null;
        var refundedLines = await db.RefundLines.AsNoTracking().Where(l => l.OrderId == order.Id && l.OrderLineNo != null)
            .Select(l => new { l.OrderLineNo, l.Quantity }).ToListAsync(cancellationToken);
        var refunded = await db.Refunds.AsNoTracking().Where(r => r.OrderId == order.Id).Select(r => r.Amount).ToListAsync(cancellationToken);
        var byLine = refundedLines.GroupBy(l => l.OrderLineNo!.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        return new OrderView(order.ExternalId, customer, order.PlacedAt, order.Status.ToString().ToLowerInvariant(), order.Currency,
            order.ExchangeRate, order.Shipping, order.Revenue, refunded.Sum(), await db.GetBaseCurrencyAsync(cancellationToken), order.Country, order.Source,
            [.. order.Lines.OrderBy(l => l.LineNo).Select(l => new OrderLineView(l.LineNo, l.Sku, l.Name, l.Quantity, l.UnitPrice, l.Discount, byLine.GetValueOrDefault(l.LineNo)))],
            order.CreatedAt, order.UpdatedAt);
    }
}
