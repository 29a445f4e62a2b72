namespace Retain.Analytics.Measure;

/// <summary>
/// The retention KPIs of one period (PRODUCT.md "Definitions"). Shop totals (orders, revenue, AOV) include guest
/// orders; customer figures never do. A rate whose denominator is zero is null ("undefined"), never 0 or NaN.
/// </summary>
public sealed record PeriodKpis
{
    public required DateRange Range { get; init; }

    /// <summary>Customers active in the period (at least one order in it).</summary>
    public int Customers { get; init; }
    /// <summary>Active customers whose first order ever is in the period.</summary>
    public int NewCustomers { get; init; }
    /// <summary>Active customers who had ordered before the period.</summary>
    public int ReturningCustomers { get; init; }

    /// <summary>Orders placed in the period, guests included.</summary>
    public int Orders { get; init; }
    public int GuestOrders { get; init; }
    /// <summary>Gross order revenue (Σ quantity × price − discounts), guests included.</summary>
    public decimal Revenue { get; init; }
    /// <summary>Refunded amounts dated in the period.</summary>
    public decimal Refunds { get; init; }
    /// <summary><see cref="Revenue"/> − <see cref="Refunds"/>.</summary>
    public decimal NetRevenue => Revenue - Refunds;
    /// <summary>Revenue of customers' (non-guest) orders.</summary>
    public decimal CustomerRevenue { get; init; }

    /// <summary>Customers active in the previous period of equal length.</summary>
    public int PreviousPeriodCustomers { get; init; }
    /// <summary>Of those, how many are active in this period.</summary>
    public int RetainedCustomers { get; init; }
    /// <summary>Retained / previous-period customers; null when nobody was active in the previous period.</summary>
    public double? RetentionRate { get; init; }
    public double? ChurnRate => 1 - RetentionRate;

    /// <summary>Active customers with two or more orders in the period.</summary>
    public int RepeatCustomers { get; init; }
    public double? RepeatPurchaseRate { get; init; }
    /// <summary>Share of customer orders that are not the customer's first order ever.</summary>
    public double? ReturningOrderShare { get; init; }
    /// <summary>Share of customer revenue from orders that are not the customer's first order ever.</summary>
    public double? ReturningRevenueShare { get; init; }

    /// <summary>Revenue / orders (guests included).</summary>
    public decimal? AverageOrderValue { get; init; }
    /// <summary>Customer orders / active customers.</summary>
    public double? PurchaseFrequency { get; init; }
    /// <summary>Days between consecutive orders of a customer, over gaps that end in the period.</summary>
    public double? MeanDaysBetweenOrders { get; init; }
    public double? MedianDaysBetweenOrders { get; init; }
    /// <summary>
    /// Historic CLV: mean over customers acquired before the period's end of their revenue net of refunds up to it.
    /// </summary>
    public decimal? HistoricClv { get; init; }
    /// <summary>The top 20% of active customers by revenue in the period (rounded up).</summary>
    public int TopCustomers { get; init; }
    /// <summary>Share of customer revenue in the period from <see cref="TopCustomers"/>.</summary>
    public double? TopCustomerRevenueShare { get; init; }
}

/// <summary>A period's KPIs beside those of the previous period of equal length.</summary>
public sealed record KpiComparison(PeriodKpis Current, PeriodKpis Previous);
