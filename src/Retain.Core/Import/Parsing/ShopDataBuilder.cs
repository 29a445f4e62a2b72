using System.Runtime.CompilerServices;
using Retain.Analytics.Data;

namespace Retain.Core.Import.Parsing;

/// <summary>
/// Collects <see cref="ImportedOrder"/>s into the <see cref="ShopData"/> the analytics work on (for
/// <c>retain analyze</c>, which never touches the database). Rows of one order id that the file splits into several
/// groups are merged into one order; cancelled orders are left out; refunds become <see cref="RefundFact"/>s.
/// Amounts are taken as they are: orders in a currency other than the base currency are skipped and counted,
/// since a file carries no exchange rates.
/// </summary>
public sealed class ShopDataBuilder
{
    private readonly Dictionary<string, int> _customers = new(StringComparer.Ordinal);
    private readonly List<CustomerState> _customerStates = [];
    private readonly Dictionary<string, int> _orderIndex = new(StringComparer.Ordinal);
    private readonly List<OrderFact> _orders = [];
    private readonly List<RefundFact> _refunds = [];

    private sealed class CustomerState(string id)
    {
        public string Id { get; } = id;
        public DateTime FirstAt = DateTime.MaxValue;
        public string? Country;
        public string? FirstCategory;
    }

    /// <summary>The base currency: fixed here, or the currency of the first order added.</summary>
    public string? Currency { get; private set; }

    /// <summary>Lines of customers' (non-guest) orders added — "rows after filter" in EVALUATION.md §1.</summary>
    public long CustomerOrderLines { get; private set; }
    public long CancelledOrdersSkipped { get; private set; }
    public long OtherCurrencySkipped { get; private set; }
    /// <summary>Order groups that continued an order id seen earlier in the file and were merged into it.</summary>
    public long MergedGroups { get; private set; }

    public ShopDataBuilder(string? baseCurrency = null) => Currency = baseCurrency;

    public void Add(ImportedOrder order) => Add(ImportedOrderTotal.From(order));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in ImportedOrderTotal order)
    {
        Currency ??= order.Currency;
        if (!string.Equals(order.Currency, Currency, StringComparison.Ordinal))
        {
            OtherCurrencySkipped++;
            return;
        }
        if (order.Cancelled)
        {
            CancelledOrdersSkipped++;
            return;
        }
        var customer = order.CustomerExternalId is { } id ? CustomerOf(id) : OrderFact.Guest;
        var amount = order.Amount;

        if (order.Kind == ImportedOrderKind.Refund)
        {
            _refunds.Add(new RefundFact(customer, order.PlacedAt, amount));
            return;
        }
        if (customer >= 0)
        {
            CustomerOrderLines += order.LineCount;
            var state = _customerStates[customer];
            if (order.PlacedAt < state.FirstAt)
            {
                state.FirstAt = order.PlacedAt;
                state.Country = order.Country;
                state.FirstCategory = order.FirstCategory;
            }
        }
        if (_orderIndex.TryGetValue(order.ExternalId, out var existing))
        {
            var o = _orders[existing];
            _orders[existing] = o with { Revenue = o.Revenue + amount, PlacedAt = order.PlacedAt < o.PlacedAt ? order.PlacedAt : o.PlacedAt };
            MergedGroups++;
            return;
        }
        _orderIndex.Add(order.ExternalId, _orders.Count);
        _orders.Add(new OrderFact(customer, order.PlacedAt, amount));
    }

    private int CustomerOf(string id)
    {
        if (_customers.TryGetValue(id, out var index))
            return index;
        index = _customerStates.Count;
        _customers.Add(id, index);
        _customerStates.Add(new CustomerState(id));
        return index;
    }

    public ShopData Build()
    {
        // OrderBy is stable: orders at the same time keep the file's order.
        var orders = _orders.OrderBy(o => o.PlacedAt).ToArray();
        var refunds = _refunds.OrderBy(r => r.RefundedAt).ToArray();
        return new ShopData
        {
            Customers = [.. _customerStates.Select(s => new CustomerFact(s.Id, s.Country, null, s.FirstCategory))],
            Orders = orders,
            Refunds = refunds,
            Currency = Currency ?? "PLN",
        };
    }
}
