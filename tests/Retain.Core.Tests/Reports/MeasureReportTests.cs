using System.Text.Json;
using Retain.Analytics.Data;
using Retain.Analytics.Measure;
using Retain.Core.Reports;
using Retain.Core.Reports.Html;

namespace Retain.Core.Tests.Reports;

public sealed class MeasureReportTests
{
    private static DateTime D(int month, int day) => new(2024, month, day, 12, 0, 0, DateTimeKind.Utc);

    private static ShopData Shop() => new()
    {
        Customers = [new("A", "PL", "ads", "Mugs"), new("B", "DE", null, "Tea"), new("C", "PL", "ads", "Mugs")],
        Orders =
        [
            new(0, D(1, 5), 100m), new(1, D(1, 20), 200m), new(0, D(2, 10), 50m), new(OrderFact.Guest, D(2, 12), 40m),
            new(2, D(2, 15), 80m), new(2, D(2, 20), 20m), new(0, D(3, 1), 30m),
        ],
        Refunds = [new(0, D(2, 11), 10m)],
        Currency = "PLN",
    };

    [Fact]
    public void Build_DefaultsToTheWholeHistoryAndTheDayAfterTheLastOrder()
    {
        var report = MeasureReportBuilder.Build(Shop());

        Assert.Equal(new DateRange(new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc)), report.Range);
        Assert.Equal(new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc), report.Snapshot);
        Assert.Equal(3, report.Trend.Count);
        Assert.Equal(3, report.Rfm.Customers);
        Assert.Equal(3, report.Rfm.Grid.Sum(r => r.Sum()));
        Assert.Equal(["PL", "DE"], report.Breakdowns[0].Rows.Select(r => r.Key));
        Assert.Equal("revenue", report.Headline[3].Key);
        Assert.Equal(520, report.Headline[3].Current);
    }

    [Fact]
    public void Build_OpenEndedRange_IsClampedToTheData()
    {
        var report = MeasureReportBuilder.Build(Shop(), new MeasureReportOptions { Range = new DateRange(new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc), DateTime.MaxValue) });
        Assert.Equal(new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc), report.Range.End);
        Assert.Equal(5, report.Kpis.Current.Orders);
    }

    [Fact]
    public void Json_IsCamelCase_WithNullsForUndefinedRates_AndRoundTrips()
    {
        var report = MeasureReportBuilder.Build(Shop());
        var json = MeasureReportJson.Serialize(report);
        using var doc = JsonDocument.Parse(json);
        var current = doc.RootElement.GetProperty("kpis").GetProperty("current");

        Assert.Equal(520m, current.GetProperty("revenue").GetDecimal());
        Assert.Equal(JsonValueKind.Null, current.GetProperty("retentionRate").ValueKind);
        Assert.Equal("Champions", doc.RootElement.GetProperty("rfm").GetProperty("segments")[0].GetProperty("segment").GetString());
        Assert.Equal(report.Kpis.Current.Revenue, MeasureReportJson.Deserialize(json)!.Kpis.Current.Revenue);
    }

    [Fact]
    public void Html_IsSelfContained_WithChartsAndTheirTables()
    {
        var html = MeasureReportHtml.Render(MeasureReportBuilder.Build(Shop(), source: new ReportSource("test.csv", [new("rows read", 7)])));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.Equal(4, html.Split("<svg ").Length - 1); // revenue bars, retention line, cohort heatmap, segment treemap
        Assert.Contains("Trend as a table", html, StringComparison.Ordinal);
        Assert.Contains("Cohort retention as a table", html, StringComparison.Ordinal);
        Assert.Contains("Can&#39;t Lose Them", html, StringComparison.Ordinal);
        Assert.Contains("test.csv", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyShop_StillRenders()
    {
        var report = MeasureReportBuilder.Build(new ShopData { Customers = [], Orders = [], Refunds = [] }, new MeasureReportOptions { Snapshot = D(1, 1).Date });
        Assert.Equal(0, report.Kpis.Current.Orders);
        Assert.Empty(report.Cohorts.Sizes);
        Assert.Contains("</html>", MeasureReportHtml.Render(report), StringComparison.Ordinal);
        Assert.Contains("\"customers\": 0", MeasureReportJson.Serialize(report), StringComparison.Ordinal);
    }
}
