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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PeriodKpis For(ShopData data, DateRange range)
    {
        var index = ShopIndex.For(data);
        var orders = data.Orders;
        var (from, to) = index.Slice(range);
        // Per-customer counters from the shared pool (which hands out dirty arrays): cleared here, returned clean.
        var count = ArrayPool<int>.Shared.Rent(data.Customers.Count);
        Array.Clear(count, 0, data.Customers.Count);
        var active = new List<int>();
        var gaps = new List<double>();
        int guestOrders = 0, returningOrders = 0;
        decimal revenue = 0, returningRevenue = 0;
        try
        {
            for (var i = from; i < to; i++)
            {
                var o = orders[i];
                revenue += o.Revenue;
                if (o.IsGuest)
                {
                    guestOrders++;
                    continue;
                }
                if (count[o.Customer]++ == 0)
                    active.Add(o.Customer);
                if (index.Rank[i] > 0)
                {
                    returningOrders++;
                    returningRevenue += o.Revenue;
                    gaps.Add((o.PlacedAt - index.PreviousAt[i]!.Value).TotalDays);
                }
            }
            var customerRevenue = index.CumulativeCustomerRevenue[to] - index.CumulativeCustomerRevenue[from];
            var customerOrders = to - from - guestOrders;
            int newCustomers = 0, repeat = 0;
            foreach (var c in active)
            {
                if (range.Contains(index.FirstAt[c]!.Value))
                    newCustomers++;
                if (count[c] >= 2)
                    repeat++;
            }
            var (previous, retained) = Retained(data, index, range, count);
            var (top, topShare) = Concentration(data, from, to, active.Count, customerRevenue);
            gaps.Sort();
            return new PeriodKpis
            {
                Range = range,
                Customers = active.Count,
                NewCustomers = newCustomers,
                ReturningCustomers = active.Count - newCustomers,
                Orders = to - from,
                GuestOrders = guestOrders,
                Revenue = revenue,
                Refunds = RefundsIn(data.Refunds, range),
                CustomerRevenue = customerRevenue,
                PreviousPeriodCustomers = previous,
                RetainedCustomers = retained,
                RetentionRate = Ratio(retained, previous),
                RepeatCustomers = repeat,
                RepeatPurchaseRate = Ratio(repeat, active.Count),
                ReturningOrderShare = Ratio(returningOrders, customerOrders),
                ReturningRevenueShare = customerRevenue == 0 ? null : (double)(returningRevenue / customerRevenue),
                AverageOrderValue = to == from ? null : revenue / (to - from),
                PurchaseFrequency = Ratio(customerOrders, active.Count),
                MeanDaysBetweenOrders = gaps.Count == 0 ? null : Mean(gaps),
                MedianDaysBetweenOrders = gaps.Count == 0 ? null : Median(gaps),
                HistoricClv = HistoricClv(data, index, range.End),
                TopCustomers = top,
                TopCustomerRevenueShare = topShare,
            };
        }
        finally
        {
            ArrayPool<int>.Shared.Return(count);
        }
    }

    /// <summary>Customers active in the previous period, and how many of them have an order in this one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Previous, int Retained) Retained(ShopData data, ShopIndex index, DateRange range, int[] countInRange)
    {
        var (from, to) = index.Slice(range.PreviousPeriod());
        var seen = new HashSet<int>();
        var retained = 0;
        for (var i = from; i < to; i++)
        {
            var c = data.Orders[i].Customer;
            if (c >= 0 && seen.Add(c) && countInRange[c] > 0)
                retained++;
        }
        return (seen.Count, retained);
    }

    /// <summary>The top 20% of the period's customers (rounded up) by revenue and their share of customer revenue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Top, double? Share) Concentration(ShopData data, int from, int to, int customers, decimal total)
    {
        var perCustomer = new Dictionary<int, decimal>(customers);
        for (var i = from; i < to; i++)
        {
            var o = data.Orders[i];
            if (!o.IsGuest)
                perCustomer[o.Customer] = perCustomer.GetValueOrDefault(o.Customer) + o.Revenue;
        }
        var sorted = new decimal[perCustomer.Count];
        perCustomer.Values.CopyTo(sorted, 0);
        Array.Sort(sorted);
        var top = (int)Math.Ceiling(sorted.Length * 0.2m);
        if (total == 0)
            return (top, null);
        var topRevenue = 0m;
        for (var i = 0; i < top; i++)
            topRevenue += sorted[^(i + 1)];
        return (top, (double)(topRevenue / total));
    }

    /// <summary>Mean over customers acquired before <paramref name="end"/> of their revenue net of refunds up to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static decimal? HistoricClv(ShopData data, ShopIndex index, DateTime end)
    {
        var (_, to) = index.Slice(new DateRange(DateTime.MinValue, end));
        var customers = index.CumulativeFirstOrders[to];
        if (customers == 0)
            return null;
        var net = index.CumulativeCustomerRevenue[to];
        foreach (var r in data.Refunds)
        {
            if (r.RefundedAt >= end)
                break;
            if (r.Customer >= 0 && index.FirstAt[r.Customer] is { } first && first < end)
                net -= r.Amount;
        }
        return net / customers;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static decimal RefundsIn(RefundFact[] refunds, DateRange range)
    {
        var sum = 0m;
        foreach (var r in refunds)
        {
            if (range.Contains(r.RefundedAt))
                sum += r.Amount;
        }
        return sum;
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
