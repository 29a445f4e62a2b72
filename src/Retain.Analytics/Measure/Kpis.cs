using Retain.Analytics.Data;

namespace Retain.Analytics.Measure;

/// <summary>Computes <see cref="PeriodKpis"/>: pure, deterministic, O(orders) per period.</summary>
public static class Kpis
{
    /// <summary>The KPIs of <paramref name="range"/> beside those of the period before it.</summary>
    public static KpiComparison Compare(ShopData data, DateRange range) =>
        new(For(data, range), For(data, range.PreviousPeriod()));

    public static PeriodKpis For(ShopData data, DateRange range)
    {
        var index = ShopIndex.For(data);
        var orders = data.Orders;
        var (from, to) = index.Slice(range);
        var perCustomerOrders = new Dictionary<int, int>();
        var perCustomerRevenue = new Dictionary<int, decimal>();
        int guestOrders = 0, returningOrders = 0;
        decimal revenue = 0, customerRevenue = 0, returningRevenue = 0;
        var gaps = new List<double>();
        for (var i = from; i < to; i++)
        {
            var o = orders[i];
            revenue += o.Revenue;
            if (o.IsGuest)
            {
                guestOrders++;
                continue;
            }
            customerRevenue += o.Revenue;
            perCustomerOrders[o.Customer] = perCustomerOrders.GetValueOrDefault(o.Customer) + 1;
            perCustomerRevenue[o.Customer] = perCustomerRevenue.GetValueOrDefault(o.Customer) + o.Revenue;
            if (index.Rank[i] > 0)
            {
                returningOrders++;
                returningRevenue += o.Revenue;
                gaps.Add((o.PlacedAt - index.PreviousAt[i]!.Value).TotalDays);
            }
        }

        var customers = perCustomerOrders.Count;
        var customerOrders = to - from - guestOrders;
        var newCustomers = perCustomerOrders.Keys.Count(c => range.Contains(index.FirstAt[c]!.Value));
        var (prevFrom, prevTo) = index.Slice(range.PreviousPeriod());
        var previous = new HashSet<int>();
        for (var i = prevFrom; i < prevTo; i++)
        {
            if (!orders[i].IsGuest)
                previous.Add(orders[i].Customer);
        }
        var retained = previous.Count(perCustomerOrders.ContainsKey);
        var repeat = perCustomerOrders.Values.Count(n => n >= 2);
        var (top, topShare) = Concentration(perCustomerRevenue.Values, customerRevenue);
        gaps.Sort();

        return new PeriodKpis
        {
            Range = range,
            Customers = customers,
            NewCustomers = newCustomers,
            ReturningCustomers = customers - newCustomers,
            Orders = to - from,
            GuestOrders = guestOrders,
            Revenue = revenue,
            Refunds = RefundsIn(data.Refunds, range),
            CustomerRevenue = customerRevenue,
            PreviousPeriodCustomers = previous.Count,
            RetainedCustomers = retained,
            RetentionRate = Ratio(retained, previous.Count),
            RepeatCustomers = repeat,
            RepeatPurchaseRate = Ratio(repeat, customers),
            ReturningOrderShare = Ratio(returningOrders, customerOrders),
            ReturningRevenueShare = customerRevenue == 0 ? null : (double)(returningRevenue / customerRevenue),
            AverageOrderValue = to == from ? null : revenue / (to - from),
            PurchaseFrequency = Ratio(customerOrders, customers),
            MeanDaysBetweenOrders = gaps.Count == 0 ? null : gaps.Average(),
            MedianDaysBetweenOrders = gaps.Count == 0 ? null : Median(gaps),
            HistoricClv = HistoricClv(data, index, range.End),
            TopCustomers = top,
            TopCustomerRevenueShare = topShare,
        };
    }

    /// <summary>The top 20% of customers (rounded up) by revenue and their share of all customer revenue.</summary>
    internal static (int Top, double? Share) Concentration(IEnumerable<decimal> revenues, decimal total)
    {
        var sorted = revenues.OrderDescending().ToArray();
        var top = (int)Math.Ceiling(sorted.Length * 0.2m);
        if (total == 0)
            return (top, null);
        var topRevenue = 0m;
        for (var i = 0; i < top; i++)
            topRevenue += sorted[i];
        return (top, (double)(topRevenue / total));
    }

    private static decimal? HistoricClv(ShopData data, ShopIndex index, DateTime end)
    {
        var net = new Dictionary<int, decimal>();
        var (_, to) = index.Slice(new DateRange(DateTime.MinValue, end));
        for (var i = 0; i < to; i++)
        {
            var o = data.Orders[i];
            if (!o.IsGuest)
                net[o.Customer] = net.GetValueOrDefault(o.Customer) + o.Revenue;
        }
        foreach (var r in data.Refunds)
        {
            if (r.RefundedAt < end && r.Customer >= 0 && net.ContainsKey(r.Customer))
                net[r.Customer] -= r.Amount;
        }
        return net.Count == 0 ? null : net.Values.Sum() / net.Count;
    }

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

    internal static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
