using System.Runtime.CompilerServices;
using System.Buffers;
using Retain.Analytics.Data;

namespace Retain.Analytics.Measure;

/// <summary>Computes <see cref="PeriodKpis"/>: pure, deterministic, O(orders in the period) plus O(refunds).</summary>
public static class Kpis
{
    /// <summary>The KPIs of <paramref name="range"/> beside those of the period before it.</summary>
    public static KpiComparison Compare(ShopData data, DateRange range) =>
        new(For(data, range), For(data, range.PreviousPeriod()));

    public static PeriodKpis For(ShopData data, DateRange range) => ForGroups(data, range, null, 1)[0];

    /// <summary>
    /// The KPIs of each group of customers in one pass over the period's orders: <paramref name="groupOf"/>[customer]
    /// is the customer's group (0 … <paramref name="groups"/> − 1, or −1 for none); guests are in no group. Without
    /// <paramref name="groupOf"/> there is one group, the whole shop, guests included. A group's figures are exactly
    /// those of the shop cut down to its customers (their orders and refunds), which the breakdowns used to build.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PeriodKpis[] ForGroups(ShopData data, DateRange range, int[]? groupOf, int groups)
    {
        var index = ShopIndex.For(data);
        var orders = data.Orders;
        var (from, to) = index.Slice(range);
        var n = data.Customers.Count;
        // Per-customer counters from the shared pool (which hands out dirty arrays): cleared here, returned clean.
        var count = ArrayPool<int>.Shared.Rent(n);
        var spent = ArrayPool<decimal>.Shared.Rent(n);
        Array.Clear(count, 0, n);
        var g = Enumerable.Range(0, groups).Select(_ => new GroupTotals()).ToArray();
        try
        {
            for (var i = from; i < to; i++)
            {
                var o = orders[i];
                var group = GroupOf(o.Customer, groupOf);
                if (group < 0)
                    continue;
                var t = g[group];
                t.Orders++;
                t.Revenue += o.Revenue;
                if (o.IsGuest)
                {
                    t.GuestOrders++;
                    continue;
                }
                t.CustomerRevenue += o.Revenue;
                if (count[o.Customer]++ == 0)
                {
                    t.Active.Add(o.Customer);
                    spent[o.Customer] = 0;
                }
                spent[o.Customer] += o.Revenue;
                if (index.Rank[i] > 0)
                {
                    t.ReturningOrders++;
                    t.ReturningRevenue += o.Revenue;
                    t.Gaps.Add((o.PlacedAt - index.PreviousAt[i]!.Value).TotalDays);
                }
            }
            foreach (var t in g)
            {
                foreach (var c in t.Active)
                {
                    if (range.Contains(index.FirstAt[c]!.Value))
                        t.NewCustomers++;
                    if (count[c] >= 2)
                        t.Repeat++;
                }
                (t.Top, t.TopShare) = Concentration(t.Active, spent, t.CustomerRevenue);
            }
            Retained(data, index, range, count, groupOf, g);
            RefundsIn(data.Refunds, range, groupOf, g);
            HistoricClv(data, index, range.End, groupOf, g);
            return [.. g.Select(t => t.ToKpis(range))];
        }
        finally
        {
            ArrayPool<int>.Shared.Return(count);
            ArrayPool<decimal>.Shared.Return(spent);
        }
    }

    /// <summary>A customer's (or guest's) group: the whole shop (0) without groups, else the customer's; guests none.</summary>
    private static int GroupOf(int customer, int[]? groupOf) => groupOf is null ? 0 : customer < 0 ? -1 : groupOf[customer];

    /// <summary>One group's running totals for a period.</summary>
    private sealed class GroupTotals
    {
        public List<int> Active { get; } = [];
        public List<double> Gaps { get; } = [];
        public int Orders, GuestOrders, ReturningOrders, NewCustomers, Repeat, Previous, Retained, Top, FirstOrders;
        public decimal Revenue, CustomerRevenue, ReturningRevenue, Refunds, NetBeforeEnd;
        public double? TopShare;

        public PeriodKpis ToKpis(DateRange range)
        {
            Gaps.Sort();
            var customerOrders = Orders - GuestOrders;
            return new PeriodKpis
            {
                Range = range,
                Customers = Active.Count,
                NewCustomers = NewCustomers,
                ReturningCustomers = Active.Count - NewCustomers,
                Orders = Orders,
                GuestOrders = GuestOrders,
                Revenue = Revenue,
                Refunds = Refunds,
                CustomerRevenue = CustomerRevenue,
                PreviousPeriodCustomers = Previous,
                RetainedCustomers = Retained,
                RetentionRate = Ratio(Retained, Previous),
                RepeatCustomers = Repeat,
                RepeatPurchaseRate = Ratio(Repeat, Active.Count),
                ReturningOrderShare = Ratio(ReturningOrders, customerOrders),
                ReturningRevenueShare = CustomerRevenue == 0 ? null : (double)(ReturningRevenue / CustomerRevenue),
                AverageOrderValue = Orders == 0 ? null : Revenue / Orders,
                PurchaseFrequency = Ratio(customerOrders, Active.Count),
                MeanDaysBetweenOrders = Gaps.Count == 0 ? null : Mean(Gaps),
                MedianDaysBetweenOrders = Gaps.Count == 0 ? null : Median(Gaps),
                HistoricClv = FirstOrders == 0 ? null : NetBeforeEnd / FirstOrders,
                TopCustomers = Top,
                TopCustomerRevenueShare = TopShare,
            };
        }
    }

    /// <summary>Per group: customers active in the previous period, and how many of them have an order in this one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Retained(ShopData data, ShopIndex index, DateRange range, int[] countInRange, int[]? groupOf, GroupTotals[] g)
    {
        var (from, to) = index.Slice(range.PreviousPeriod());
        var seen = new bool[data.Customers.Count];
        for (var i = from; i < to; i++)
        {
            var c = data.Orders[i].Customer;
            if (c < 0 || seen[c])
                continue;
            var group = GroupOf(c, groupOf);
            if (group < 0)
                continue;
            seen[c] = true;
            g[group].Previous++;
            if (countInRange[c] > 0)
                g[group].Retained++;
        }
    }

    /// <summary>The top 20% of the period's customers (rounded up) by revenue and their share of customer revenue.</summary>
    private static (int Top, double? Share) Concentration(List<int> active, decimal[] spent, decimal total)
    {
        var values = new decimal[active.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = spent[active[i]];
        var top = (int)Math.Ceiling(values.Length * 0.2m);
        return total == 0 ? (top, null) : (top, (double)(SumOfLargest(values, top) / total));
    }

    /// <summary>
    /// The sum of the <paramref name="k"/> largest values, reordering <paramref name="values"/>: a selection
    /// (quickselect, O(n) on average), where a sort of a million decimals took a second.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static decimal SumOfLargest(decimal[] values, int k)
    {
        // Afterwards values[target..] are the k largest (in some order).
        var target = values.Length - k;
        if (target > 0 && target < values.Length)
            Quickselect.Partition<decimal>(values, target);
        var sum = 0m;
        for (var i = Math.Max(target, 0); i < values.Length; i++)
            sum += values[i];
        return sum;
    }

    /// <summary>
    /// Per group, over customers acquired before <paramref name="end"/>: their count and revenue net of refunds up to it
    /// (the mean is historic CLV). The whole shop reads the running totals of the index; groups sum their orders.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HistoricClv(ShopData data, ShopIndex index, DateTime end, int[]? groupOf, GroupTotals[] g)
    {
        var (_, to) = index.Slice(new DateRange(DateTime.MinValue, end));
        if (groupOf is null)
        {
            g[0].FirstOrders = index.CumulativeFirstOrders[to];
            g[0].NetBeforeEnd = index.CumulativeCustomerRevenue[to];
        }
        else
        {
            for (var i = 0; i < to; i++)
            {
                var o = data.Orders[i];
                var group = GroupOf(o.Customer, groupOf);
                if (group < 0)
                    continue;
                g[group].NetBeforeEnd += o.Revenue;
                if (index.Rank[i] == 0)
                    g[group].FirstOrders++;
            }
        }
        foreach (var r in data.Refunds)
        {
            if (r.RefundedAt >= end)
                break;
            if (r.Customer < 0 || index.FirstAt[r.Customer] is not { } first || first >= end)
                continue;
            var group = GroupOf(r.Customer, groupOf);
            if (group >= 0)
                g[group].NetBeforeEnd -= r.Amount;
        }
    }

    /// <summary>Refunds dated in the period, per group (the whole shop counts guests' refunds too).</summary>
    private static void RefundsIn(RefundFact[] refunds, DateRange range, int[]? groupOf, GroupTotals[] g)
    {
        foreach (var r in refunds)
        {
            if (!range.Contains(r.RefundedAt))
                continue;
            var group = GroupOf(r.Customer, groupOf);
            if (group >= 0)
                g[group].Refunds += r.Amount;
        }
    }

    internal static double? Ratio(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;

    private static double Mean(List<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
            sum += v;
        return sum / values.Count;
    }

    internal static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
