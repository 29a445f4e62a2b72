using Retain.Analytics.Measure;
using Retain.Core.Import.Parsing;
using Retain.Core.Reports;
using Retain.Server.Cli;
using Retain.Testing;

namespace Retain.Server.Tests;

public sealed class AnalyzeCommandTests
{
    private const string Csv = "order_id,customer_id,ordered_at,sku,quantity,unit_price,currency,country\n" +
                               "1,a,2024-01-05 10:00:00,X,2,10,EUR,PL\n2,b,2024-01-20 10:00:00,X,1,5,EUR,DE\n" +
                               "3,a,2024-02-10 10:00:00,Y,1,7.5,EUR,PL\n4,,2024-02-11 10:00:00,Y,1,3,EUR,PL\n5,b,2024-02-12 10:00:00,Y,-1,3,EUR,DE\n";

    private static string TempFile(string content, string extension = ".csv")
    {
        var path = Path.Combine(Path.GetTempPath(), $"retain-analyze-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Analyze_SmallFile_BuildsTheReport()
    {
        var result = AnalyzeCommand.Analyze(TempFile(Csv), new ImportOptions { Format = OrderFileFormat.Auto }, new MeasureReportOptions(), TestContext.Current.CancellationToken);

        Assert.Equal((4, 1), (result.Report.Kpis.Current.Orders, result.Report.Kpis.Current.GuestOrders));
        Assert.Equal(35.5m, result.Report.Kpis.Current.Revenue);
        Assert.Equal(6, Assert.Single(result.Rejected).LineNumber);
        Assert.Equal(new DateTime(2024, 2, 12, 0, 0, 0, DateTimeKind.Utc), result.Report.Snapshot);
    }

    [Fact]
    public async Task Run_WritesHtml_AndExitsZero()
    {
        var html = Path.Combine(Path.GetTempPath(), $"retain-{Guid.NewGuid():N}.html");
        var code = await RetainCli.RunAsync(["analyze", TempFile(Csv), "--from", "2024-02-01", "--to", "2024-02-29", "--cohort", "week", "--json", "--html", html]);

        Assert.Equal(0, code);
        Assert.Contains("<svg", await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cohort", "fortnight")]
    [InlineData("--from", "01/02/2024")]
    [InlineData("--preset", "woocommerce")]
    [InlineData("--map", "nonsense=1")]
    public async Task Run_BadOption_ExitsTwo(string option, string value) =>
        Assert.Equal(2, await RetainCli.RunAsync(["analyze", TempFile(Csv), option, value]));

    [Fact]
    public async Task Run_UnreadableFile_ExitsOne()
    {
        Assert.Equal(1, await RetainCli.RunAsync(["analyze", "/nonexistent/orders.csv"]));
        Assert.Equal(1, await RetainCli.RunAsync(["analyze", TempFile("")]));
        Assert.Equal(1, await RetainCli.RunAsync(["analyze", TempFile("a,b\n1,2\n")]));
    }

    [Fact]
    public void Analyze_OnlineRetailII_Dedup_MatchesEvaluation()
    {
        var result = AnalyzeCommand.Analyze(Datasets.OnlineRetailII, new ImportOptions { DropRepeatedOrders = true },
            new MeasureReportOptions { Snapshot = new DateTime(2011, 12, 10, 0, 0, 0, DateTimeKind.Utc) }, TestContext.Current.CancellationToken);

        Assert.Equal(22_523, result.Statistics.RepeatedRowsDropped);
        Assert.Equal(17_431_551.18m, Math.Round(result.Report.Kpis.Current.CustomerRevenue, 2));
        Assert.Equal(5_881, result.Report.Rfm.Customers);
        Assert.Equal([1170, 1175, 1180, 1140, 1216], result.Report.Rfm.RecencyScoreCounts);
        Assert.Equal(CohortGrain.Month, result.Report.Cohorts.Grain);
    }
}
