using System.Runtime.CompilerServices;
using Retain.Analytics.Data;

namespace Retain.Analytics.Measure;

/// <summary>
/// Per-order and per-customer facts every figure needs, computed once per <see cref="ShopData"/> in one pass:
/// each order's position in its customer's history and the time of the customer's previous order.
/// </summary>
internal sealed class ShopIndex
{
    private static readonly ConditionalWeakTable<ShopData, ShopIndex> Cache = [];

    public ShopData Data { get; }
    /// <summary>Per order: 0 for the customer's first order, 1 for the second …; -1 for guests.</summary>
    public int[] Rank { get; }
    /// <summary>Per order: when the same customer ordered before (null for a first or guest order).</summary>
    public DateTime?[] PreviousAt { get; }
    /// <summary>Per customer: when they first ordered (null for a customer without orders).</summary>
    public DateTime?[] FirstAt { get; }
    /// <summary>[i] = revenue of the customer (non-guest) orders before order i; one entry more than orders.</summary>
    public decimal[] CumulativeCustomerRevenue { get; }
    /// <summary>[i] = customers whose first order is before order i.</summary>
    public int[] CumulativeFirstOrders { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ShopIndex(ShopData data)
    {
        Data = data;
        var orders = data.Orders;
        Rank = new int[orders.Length];
        PreviousAt = new DateTime?[orders.Length];
        FirstAt = new DateTime?[data.Customers.Count];
        var count = new int[data.Customers.Count];
        var last = new DateTime[data.Customers.Count];
        CumulativeCustomerRevenue = new decimal[orders.Length + 1];
        CumulativeFirstOrders = new int[orders.Length + 1];
        for (var i = 0; i < orders.Length; i++)
        {
            var c = orders[i].Customer;
            CumulativeCustomerRevenue[i + 1] = CumulativeCustomerRevenue[i] + (c < 0 ? 0 : orders[i].Revenue);
            CumulativeFirstOrders[i + 1] = CumulativeFirstOrders[i] + (c >= 0 && count[c] == 0 ? 1 : 0);
            if (c < 0)
            {
                Rank[i] = -1;
                continue;
            }
            Rank[i] = count[c]++;
            if (Rank[i] == 0)
                FirstAt[c] = orders[i].PlacedAt;
            else
                PreviousAt[i] = last[c];
            last[c] = orders[i].PlacedAt;
        }
    }

    public static ShopIndex For(ShopData data) => Cache.GetValue(data, d => new ShopIndex(d));

    /// <summary>The orders placed in <paramref name="range"/>, as an index range (orders are sorted by time).</summary>
    public (int From, int To) Slice(DateRange range) => (LowerBound(range.Start), LowerBound(range.End));

    private int LowerBound(DateTime t)
    {
        var orders = Data.Orders;
        int lo = 0, hi = orders.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (orders[mid].PlacedAt < t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
