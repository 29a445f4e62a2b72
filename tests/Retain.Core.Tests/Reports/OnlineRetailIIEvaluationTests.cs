using Retain.Analytics.Data;
using Retain.Analytics.Measure;
using Retain.Core.Import.Parsing;
using Retain.Testing;

namespace Retain.Core.Tests.Reports;

/// <summary>Every figure of EVALUATION.md §1, "as shipped" and "dedup", at the precision given there.</summary>
public sealed class OnlineRetailIIEvaluationTests
{
    private static readonly DateTime Snapshot = new(2011, 12, 10, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Lazy<Loaded> AsShipped = new(() => Load(dedup: false));
    private static readonly Lazy<Loaded> Dedup = new(() => Load(dedup: true));

    private sealed record Loaded(ShopData Data, ShopDataBuilder Builder, RfmResult Rfm, PeriodKpis Kpis, CohortMatrix Cohorts);

    private static Loaded Load(bool dedup)
    {
        using var reader = OrderFileReader.Open(Datasets.OnlineRetailII,
            new ImportOptions { Format = OrderFileFormat.OnlineRetailII, DropRepeatedOrders = dedup });
        var builder = new ShopDataBuilder();
        foreach (var order in reader.ReadOrders())
            builder.Add(order);
        var data = builder.Build();
        var range = new DateRange(data.Orders[0].PlacedAt.Date, Snapshot);
        return new Loaded(data, builder, Rfm.Score(data, Snapshot), Kpis.For(data, range), Cohorts.Build(data, CohortGrain.Month));
    }

    private static Loaded Get(bool dedup)
    {
        _ = Datasets.OnlineRetailII; // skips (or fails under RETAIN_REQUIRE_ALL) when the data is absent
        return dedup ? Dedup.Value : AsShipped.Value;
    }

    [Theory]
    [InlineData(false, 805_620, "17743429.18", 0.772758)]
    [InlineData(true, 791_115, "17431551.18", 0.772006)]
    public void Totals(bool dedup, long rows, string revenue, double topShare)
    {
        var x = Get(dedup);
        Assert.Equal(rows, x.Builder.CustomerOrderLines);
        Assert.Equal(5_881, x.Kpis.Customers);
        Assert.Equal(5_881, x.Rfm.Customers.Count);
        Assert.Equal(36_975, x.Kpis.Orders - x.Kpis.GuestOrders);
        Assert.Equal(decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture), Math.Round(x.Kpis.CustomerRevenue, 2)); // exact: .178
        Assert.Equal(4_255, x.Kpis.RepeatCustomers);
        Assert.Equal(1_177, x.Kpis.TopCustomers);
        Assert.Equal(topShare, Math.Round(x.Kpis.TopCustomerRevenueShare!.Value, 6));
    }

    [Theory]
    [InlineData(false, new[] { 0, 289.78, 617.6, 1247.69, 2957.47, 608821.65 }, 478, 320)]
    [InlineData(true, new[] { 0, 286.6, 611.6, 1231.38, 2911.62, 580987.04 }, 472, 318)]
    public void RfmQuintiles(bool dedup, double[] monetaryEdges, int cell555, int cell111)
    {
        var rfm = Get(dedup).Rfm;
        Assert.Equal([0, 19, 58, 189, 410, 738], rfm.RecencyEdges);
        Assert.Equal(monetaryEdges, rfm.MonetaryEdges.Select(e => Math.Round(e, 2)));
        Assert.Equal([1170, 1175, 1180, 1140, 1216], rfm.RecencyScoreCounts);
        Assert.Equal((cell555, cell111), (rfm.Cell(5, 5, 5), rfm.Cell(1, 1, 1)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CohortRetention(bool dedup)
    {
        var cohorts = Get(dedup).Cohorts;
        Assert.Equal("2009-12", cohorts.Labels[0]);
        Assert.Equal([955, 383, 376, 443, 294, 254], cohorts.Sizes.Take(6));
        Assert.Equal([.3529, .3340, .4251, .3801, .3592, .3770], Enumerable.Range(1, 6).Select(k => Math.Round(cohorts.Retention(0, k), 4)));
        var monthOne = Enumerable.Range(0, 24).Select(c => cohorts.Retention(c, 1)).Average();
        Assert.Equal("2011-11", cohorts.Labels[23]);
        Assert.Equal(0.211572, Math.Round(monthOne, 6));
    }

    [Theory]
    [InlineData("12346", 325, 12, "77556.46", "255")]
    [InlineData("14911", 1, 398, "295972.63", "555")]
    [InlineData("18102", 0, 145, "608821.65", "555")]
    public void ExampleCustomers_AsShipped(string id, int recency, int frequency, string monetary, string score)
    {
        var c = Get(dedup: false).Rfm.Customers.Single(c => c.ExternalId == id);
        Assert.Equal((recency, frequency, decimal.Parse(monetary, System.Globalization.CultureInfo.InvariantCulture), score),
            (c.RecencyDays, c.Frequency, c.Monetary, c.Score));
    }
}
