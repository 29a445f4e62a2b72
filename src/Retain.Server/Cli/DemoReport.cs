using System.Diagnostics;
using Retain.Core.Reports;
using Retain.Server.Measure;

namespace Retain.Server.Cli;

/// <summary>The retention report the demo prints before it starts serving: the last twelve months against the twelve before.</summary>
internal static class DemoReport
{
    public static async Task PrintAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var data = await services.GetRequiredService<ShopDataSource>().GetAsync(cancellationToken);
        if (data.Orders.Length == 0)
            return;
        var last = DateOnly.FromDateTime(data.Orders[^1].PlacedAt);
        var query = new MeasureEndpoints.MeasureQuery(last.AddMonths(-12).AddDays(1), last, null, "month");
        var report = MeasureReportBuilder.Build(data, MeasureEndpoints.ToOptions(query, data), title: "Demo shop: the last twelve months");
        ReportConsole.Render(report, clock.Elapsed);
    }
}
