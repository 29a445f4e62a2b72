using Retain.Analytics.Measure;

namespace Retain.Core.Reports;

/// <summary>The headline KPIs in display order, each current against previous.</summary>
public static class KpiRows
{
    public static IReadOnlyList<KpiRow> From(KpiComparison k)
    {
        var (c, p) = (k.Current, k.Previous);
        return
        [
            new("customers", "Active customers", KpiUnit.Count, c.Customers, p.Customers, true),
            new("newCustomers", "New customers", KpiUnit.Count, c.NewCustomers, p.NewCustomers, true),
            new("orders", "Orders", KpiUnit.Count, c.Orders, p.Orders, true),
            new("revenue", "Revenue (gross)", KpiUnit.Money, (double)c.Revenue, (double)p.Revenue, true),
            new("netRevenue", "Revenue (net of refunds)", KpiUnit.Money, (double)c.NetRevenue, (double)p.NetRevenue, true),
            new("retentionRate", "Retention rate", KpiUnit.Percent, c.RetentionRate, p.RetentionRate, true),
            new("churnRate", "Churn rate", KpiUnit.Percent, c.ChurnRate, p.ChurnRate, false),
            new("repeatPurchaseRate", "Repeat-purchase rate", KpiUnit.Percent, c.RepeatPurchaseRate, p.RepeatPurchaseRate, true),
            new("returningOrderShare", "Returning customers' share of orders", KpiUnit.Percent, c.ReturningOrderShare, p.ReturningOrderShare, true),
            new("returningRevenueShare", "Returning customers' share of revenue", KpiUnit.Percent, c.ReturningRevenueShare, p.ReturningRevenueShare, true),
            new("averageOrderValue", "Average order value", KpiUnit.Money, (double?)c.AverageOrderValue, (double?)p.AverageOrderValue, true),
            new("purchaseFrequency", "Purchase frequency (orders per customer)", KpiUnit.Number, c.PurchaseFrequency, p.PurchaseFrequency, true),
            new("meanDaysBetweenOrders", "Days between orders (mean)", KpiUnit.Days, c.MeanDaysBetweenOrders, p.MeanDaysBetweenOrders, false),
            new("medianDaysBetweenOrders", "Days between orders (median)", KpiUnit.Days, c.MedianDaysBetweenOrders, p.MedianDaysBetweenOrders, false),
            new("historicClv", "Historic CLV (net, mean per customer)", KpiUnit.Money, (double?)c.HistoricClv, (double?)p.HistoricClv, true),
            new("topCustomerRevenueShare", "Revenue share of the top 20% of customers", KpiUnit.Percent, c.TopCustomerRevenueShare, p.TopCustomerRevenueShare, false),
        ];
    }
}
