using Retain.Analytics.Measure;
using static Retain.Analytics.Tests.Measure.SmallShop;

namespace Retain.Analytics.Tests.Measure;

public sealed class KpisTests
{
    private static readonly DateRange February = DateRange.FromDays(new(2024, 2, 1), new(2024, 2, 29));

    [Fact]
    public void February_HandComputed()
    {
        var k = Kpis.For(Create(), February);

        Assert.Equal((4, 1, 190m, 10m, 180m, 150m), (k.Orders, k.GuestOrders, k.Revenue, k.Refunds, k.NetRevenue, k.CustomerRevenue));
        Assert.Equal((2, 1, 1), (k.Customers, k.NewCustomers, k.ReturningCustomers));
        // Previous period = the 29 days before: Jan 3..31, when A and B were active; A came back.
        Assert.Equal((2, 1, 0.5, 0.5), (k.PreviousPeriodCustomers, k.RetainedCustomers, k.RetentionRate, k.ChurnRate));
        Assert.Equal((1, 0.5), (k.RepeatCustomers, k.RepeatPurchaseRate));
        Assert.Equal(2.0 / 3, k.ReturningOrderShare!.Value, 12);
        Assert.Equal(70.0 / 150, k.ReturningRevenueShare!.Value, 12);
        Assert.Equal((47.5m, 1.5), (k.AverageOrderValue, k.PurchaseFrequency));
        // Gaps ending in February: A Jan 5 -> Feb 10 = 36 days, C Feb 15 -> Feb 20 = 5 days.
        Assert.Equal((20.5, 20.5), (k.MeanDaysBetweenOrders, k.MedianDaysBetweenOrders));
        // Net CLV up to Mar 1: A 150 - 10, B 200, C 100.
        Assert.Equal(440m / 3, k.HistoricClv);
        // Top 20% of 2 customers = 1 (C, 100 of 150).
        Assert.Equal(1, k.TopCustomers);
        Assert.Equal(100.0 / 150, k.TopCustomerRevenueShare!.Value, 12);
    }

    [Fact]
    public void Compare_GivesThePreviousPeriodOfEqualLength()
    {
        var c = Kpis.Compare(Create(), February);
        Assert.Equal(new DateRange(new DateTime(2024, 1, 3, 0, 0, 0, DateTimeKind.Utc), February.Start), c.Previous.Range);
        Assert.Equal((2, 2, 300m), (c.Previous.Orders, c.Previous.Customers, c.Previous.Revenue));
    }

    [Fact]
    public void NoPreviousActivity_RatesAreNull()
    {
        var k = Kpis.For(Create(), DateRange.FromDays(new(2024, 1, 1), new(2024, 1, 31)));
        Assert.Equal(0, k.PreviousPeriodCustomers);
        Assert.Null(k.RetentionRate);
        Assert.Null(k.ChurnRate);
        Assert.Null(k.MeanDaysBetweenOrders);
        Assert.Equal((2, 2), (k.Customers, k.NewCustomers));
    }

    [Fact]
    public void NoOrders_EverythingZeroOrNull()
    {
        var k = Kpis.For(Empty(), February);
        Assert.Equal((0, 0, 0m), (k.Orders, k.Customers, k.Revenue));
        Assert.Null(k.AverageOrderValue);
        Assert.Null(k.PurchaseFrequency);
        Assert.Null(k.RepeatPurchaseRate);
        Assert.Null(k.ReturningOrderShare);
        Assert.Null(k.TopCustomerRevenueShare);
        Assert.Null(k.HistoricClv);
    }

    [Fact]
    public void GuestsOnly_CountAsOrdersButNotCustomers()
    {
        var data = Create();
        var k = Kpis.For(data, new DateRange(D(2, 12), D(2, 13)));
        Assert.Equal((1, 1, 0, 40m), (k.Orders, k.GuestOrders, k.Customers, k.AverageOrderValue));
        Assert.Null(k.PurchaseFrequency);
    }

    [Fact]
    public void MonthlyTrend_OneRowPerMonth_RetentionAgainstThePreviousMonth()
    {
        var trend = Trend.Monthly(Create(), DateRange.FromDays(new(2024, 1, 1), new(2024, 3, 31)));
        Assert.Equal([2, 2, 1], trend.Select(t => t.Customers));
        Assert.Equal([300m, 190m, 30m], trend.Select(t => t.Revenue));
        Assert.Equal([null, 0.5, 0.5], trend.Select(t => t.RetentionRate));
    }

    [Fact]
    public void Breakdown_ByCountry_SplitsCustomersAndLeavesGuestsOut()
    {
        var rows = Breakdowns.By(Create(), BreakdownDimension.Country, February);
        Assert.Equal(["PL"], rows.Select(r => r.Key));
        Assert.Equal((2, 150m), (rows[0].Kpis.Current.Customers, rows[0].Kpis.Current.Revenue));

        var byChannel = Breakdowns.By(Create(), BreakdownDimension.Channel, DateRange.FromDays(new(2024, 1, 1), new(2024, 3, 31)));
        Assert.Equal(["ads", "(unknown)"], byChannel.Select(r => r.Key));
    }
}
