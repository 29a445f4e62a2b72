using System.Text;

namespace Retain.Core.Import.Parsing;

public sealed partial class OrderFileReader
{
    /// <summary>Turns the finished group into its order (and, for Shopify, its refund), or nothing.</summary>
    private IEnumerable<ImportedOrder> Flush(OrderGroup g)
    {
        if (!Complete(g, out var id, out var customer))
            return [];
        var stats = Statistics;
        var order = new ImportedOrder(id, g.Kind!.Value, customer, g.PlacedAt!.Value, g.Currency!, g.Lines)
        {
            CustomerEmail = g.Email,
            Country = g.Country,
            Shipping = g.Shipping ?? 0m,
            Cancelled = g.CancelledAt is not null,
        };
        if (order.Kind == ImportedOrderKind.Refund)
        {
            stats.Refunds++;
            return [order];
        }
        stats.Orders++;
        if (customer is null)
            stats.GuestOrders++;
        if (g.RefundedAmount is not > 0m)
            return [order];
        // Shopify gives only the refunded total per order: it becomes one refund line against the order.
        stats.Refunds++;
        var refund = new ImportedOrder(id + "/refund", ImportedOrderKind.Refund, customer, g.CancelledAt ?? order.PlacedAt, order.Currency,
            [new ImportedLine(order.FirstLineNumber, "refund", "Refunded amount", null, 1, g.RefundedAmount.Value, 0m)])
        {
            CustomerEmail = g.Email,
            Country = g.Country,
            RefundsOrderExternalId = id,
        };
        return [order, refund];
    }

    private IEnumerable<ImportedOrderTotal> FlushTotal(OrderGroup g)
    {
        if (!Complete(g, out var id, out var customer))
            return [];
        var stats = Statistics;
        var total = new ImportedOrderTotal(id, g.Kind!.Value, customer, g.PlacedAt!.Value, g.Currency!, g.Amount, g.LineCount)
        {
            Country = g.Country,
            FirstCategory = g.FirstCategory,
            Cancelled = g.CancelledAt is not null,
        };
        if (total.Kind == ImportedOrderKind.Refund)
        {
            stats.Refunds++;
            return [total];
        }
        stats.Orders++;
        if (customer is null)
            stats.GuestOrders++;
        if (g.RefundedAmount is not > 0m)
            return [total];
        stats.Refunds++;
        return [total, new ImportedOrderTotal(id + "/refund", ImportedOrderKind.Refund, customer, g.CancelledAt ?? total.PlacedAt, total.Currency, g.RefundedAmount.Value, 1) { Country = g.Country }];
    }

    /// <summary>
    /// Ends a group: drops a repeat, commits its rejections and counts its rows; false when nothing is left to yield.
    /// </summary>
    private bool Complete(OrderGroup g, out string id, out string? customer)
    {
        id = "";
        customer = null;
        if (g.IsEmpty || g.Rows == 0)
            return false;
        id = Encoding.UTF8.GetString(g.IdBytes);
        if (_options.DropRepeatedOrders && IsRepeat(id, g))
        {
            Statistics.RepeatedRowsDropped += g.Rows;
            Statistics.RepeatedOrdersDropped++;
            return false;
        }
        foreach (var rejected in g.Rejected)
            Reject(rejected.LineNumber, rejected.Reason, rejected.Raw);
        var lines = g.ValidLines;
        if (lines == 0)
            return false;
        customer = g.Customer;
        if (customer is null && Format.EmailIsCustomerId && g.Email is not null)
            customer = g.Email.ToLowerInvariant();
        Statistics.RowsAccepted += lines;
        if (customer is null)
            Statistics.GuestRows += lines;
        return true;
    }

    /// <summary>
    /// True when this group's distinct rows are exactly the rows already read for the same id (the whole order again);
    /// otherwise the group is a continuation and its rows join the id's set.
    /// </summary>
    private bool IsRepeat(string id, OrderGroup g)
    {
        var rows = g.RowHashes.Distinct().Order().ToArray();
        if (!_seenRows.TryGetValue(id, out var seen))
        {
            _seenRows[id] = rows;
            return false;
        }
        if (seen.AsSpan().SequenceEqual(rows))
            return true;
        _seenRows[id] = seen.Union(rows).Order().ToArray();
        return false;
    }
}
