using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Orders;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>The orders and refunds of a period, read as the order feed reads them (same lines, amounts and categories).</summary>
/// <param name="Segments">Customers' scored segments, loaded only when a campaign names segments.</param>
public sealed record SimulationData(DateTime From, DateTime To, IReadOnlyList<SimOrder> Orders, IReadOnlyList<SimRefund> Refunds,
    IReadOnlyDictionary<long, SegmentMembership>? Segments = null);

public static class LoyaltySimulationData
{
    /// <summary>
    /// Orders placed and refunds made in [<paramref name="from"/>, <paramref name="to"/>): not cancelled, lines with a
    /// positive quantity, net = (quantity × price − discount) × the order's exchange rate, as <see cref="LoyaltyOrderFeed"/>.
    /// Streamed with three queries (orders, their lines, refund lines), not one per order.
    /// </summary>
    public static async Task<SimulationData> LoadAsync(RetainDbContext db, DateTime from, DateTime to, CancellationToken ct)
    {
        from = UtcTime.Normalize(from);
        to = UtcTime.Normalize(to);
        var categories = await db.Products.AsNoTracking().Where(p => p.CategoryId != null)
            .Join(db.Categories, p => p.CategoryId, c => (long?)c.Id, (p, c) => new { p.Id, c.ExternalId })
            .ToDictionaryAsync(x => x.Id, x => x.ExternalId, ct);
        var window = db.Orders.Where(o => o.PlacedAt >= from && o.PlacedAt < to && o.Status != OrderStatus.Cancelled);
        var orders = new Dictionary<long, (long? CustomerId, DateTime PlacedAt, decimal Rate, List<EarnLine> Lines)>();
        await foreach (var o in window.AsNoTracking().Select(o => new { o.Id, o.CustomerId, o.PlacedAt, o.ExchangeRate }).AsAsyncEnumerable().WithCancellation(ct))
            orders[o.Id] = (o.CustomerId, o.PlacedAt, o.ExchangeRate, []);
        var skus = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = db.OrderLines.AsNoTracking().Where(l => l.Quantity > 0 && window.Any(o => o.Id == l.OrderId))
            .Select(l => new { l.OrderId, l.LineNo, l.Quantity, l.UnitPrice, l.Discount, l.Sku, l.ProductId });
        await foreach (var l in lines.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!orders.TryGetValue(l.OrderId, out var order))
                continue;
            // One string per SKU and line number: a year of a large shop holds millions of lines.
            var sku = skus.TryGetValue(l.Sku, out var s) ? s : skus[l.Sku] = l.Sku;
            var category = l.ProductId is { } p ? categories.GetValueOrDefault(p) : null;
            order.Lines.Add(new EarnLine(LineRef(l.LineNo), l.Quantity, (l.Quantity * l.UnitPrice - l.Discount) * order.Rate, sku, category));
        }
        var refunds = new Dictionary<long, (long OrderId, DateTime At, List<RefundQuantity> Lines)>();
        var refundLines = db.RefundLines.AsNoTracking()
            .Where(l => l.OrderLineNo != null && l.Quantity > 0)
            .Join(db.Refunds.Where(r => r.RefundedAt >= from && r.RefundedAt < to && r.OrderId != null), l => l.RefundId, r => r.Id,
                (l, r) => new { l.RefundId, OrderId = r.OrderId!.Value, r.RefundedAt, l.OrderLineNo, l.Quantity });
        await foreach (var l in refundLines.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!refunds.TryGetValue(l.RefundId, out var refund))
                refunds[l.RefundId] = refund = (l.OrderId, l.RefundedAt, []);
            refund.Lines.Add(new RefundQuantity(LineRef(l.OrderLineNo!.Value), l.Quantity));
        }
        return new SimulationData(from, to,
            [.. orders.Where(o => o.Value.Lines.Count > 0).Select(o => new SimOrder(o.Key, o.Value.CustomerId, o.Value.PlacedAt, o.Value.Lines))],
            [.. refunds.Select(r => new SimRefund(r.Value.OrderId, r.Value.At,
                [.. r.Value.Lines.GroupBy(q => q.LineRef).Select(g => new RefundQuantity(g.Key, g.Sum(q => q.Quantity)))]))]);
    }

    private static readonly string[] LineRefs = [.. Enumerable.Range(0, 256).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private static string LineRef(int lineNo) =>
        lineNo >= 0 && lineNo < LineRefs.Length ? LineRefs[lineNo] : lineNo.ToString(CultureInfo.InvariantCulture);
}
