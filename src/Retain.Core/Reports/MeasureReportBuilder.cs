using Retain.Analytics.Data;
using Retain.Analytics.Measure;

namespace Retain.Core.Reports;

/// <summary>Builds a <see cref="MeasureReport"/>; pure: the same data and options always give the same report.</summary>
public static class MeasureReportBuilder
{
    public static MeasureReport Build(ShopData data, MeasureReportOptions? options = null, ReportSource? source = null, string title = "Retention report")
    {
        options ??= new MeasureReportOptions();
        var (range, snapshot) = Resolve(data, options);
        var kpis = Kpis.Compare(data, range);
        return new MeasureReport
        {
            Title = title,
            Currency = data.Currency,
            Source = source,
            Range = range,
            Snapshot = snapshot,
            Headline = KpiRows.From(kpis),
            Kpis = kpis,
            Trend = Trend.Monthly(data, range),
            Cohorts = Cohorts.Build(data, options.CohortGrain, range.End),
            Rfm = RfmSummary(data, snapshot),
            Breakdowns =
            [
                new(BreakdownDimension.Country, "Country", Breakdowns.By(data, BreakdownDimension.Country, range, options.BreakdownTop)),
                new(BreakdownDimension.Channel, "Acquisition channel", Breakdowns.By(data, BreakdownDimension.Channel, range, options.BreakdownTop)),
                new(BreakdownDimension.FirstCategory, "First-purchase category", Breakdowns.By(data, BreakdownDimension.FirstCategory, range, options.BreakdownTop)),
            ],
        };
    }

    /// <summary>
    /// The period and snapshot that <paramref name="options"/> stand for on <paramref name="data"/>, so a caller that
    /// needs one section (the KPIs, the cohorts …) computes it over exactly what the whole report would.
    /// </summary>
    public static (DateRange Range, DateTime Snapshot) Resolve(ShopData data, MeasureReportOptions options)
    {
        var whole = WholeRange(data, options.Snapshot);
        // An open end (DateTime.MinValue / MaxValue) means "from the first order" / "to the snapshot".
        var range = options.Range is { } r
            ? new DateRange(r.Start == DateTime.MinValue ? whole.Start : r.Start, r.End == DateTime.MaxValue ? whole.End : r.End)
            : whole;
        return (range, options.Snapshot ?? DefaultSnapshot(data, range));
    }

    /// <summary>RFM scores at <paramref name="snapshot"/>, summarised as the report shows them.</summary>
    public static RfmSummary RfmSummary(ShopData data, DateTime snapshot) => Summarise(Rfm.Score(data, snapshot));

    /// <summary>From the first order's day to the snapshot (default: the day after the last order).</summary>
    public static DateRange WholeRange(ShopData data, DateTime? snapshot = null)
    {
        if (data.Orders.Length == 0)
        {
            var end = snapshot ?? DateTime.UtcNow.Date.AddDays(1);
            return new DateRange(end.AddDays(-30), end);
        }
        return new DateRange(data.Orders[0].PlacedAt.Date, snapshot ?? data.Orders[^1].PlacedAt.Date.AddDays(1));
    }

    /// <summary>The day after the last order placed in <paramref name="range"/>, or the range's end.</summary>
    public static DateTime DefaultSnapshot(ShopData data, DateRange range)
    {
        var last = data.Orders.LastOrDefault(o => range.Contains(o.PlacedAt));
        return last == default ? range.End : last.PlacedAt.Date.AddDays(1);
    }

    private static RfmSummary Summarise(RfmResult rfm)
    {
        var grid = new int[5][];
        for (var r = 0; r < 5; r++)
            grid[r] = new int[5];
        var f = new int[5];
        var m = new int[5];
        foreach (var c in rfm.Customers)
        {
            grid[c.R - 1][c.F - 1]++;
            f[c.F - 1]++;
            m[c.M - 1]++;
        }
        return new RfmSummary(rfm.Snapshot, rfm.Customers.Count, rfm.RecencyEdges, rfm.MonetaryEdges, rfm.RecencyScoreCounts, f, m, grid, rfm.Segments);
    }
}
