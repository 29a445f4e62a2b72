using Retain.Analytics.Data;
using Retain.Analytics.Measure;
using Retain.Core.Reports;

namespace Retain.Server.Dashboard;

/// <summary>
/// The date range a page shows, in whole days as the API takes them (<c>?from=&amp;to=</c>, both inclusive), so a page
/// and <c>/api/v1/measure/…</c> with the same two dates compute over the same period.
/// </summary>
public sealed record DashboardPeriod(DateOnly From, DateOnly To, DateOnly First, DateOnly Last)
{
    public const int DefaultDays = 90;

    public DateRange Range => DateRange.FromDays(From, To);

    /// <summary>The requested days, clamped to the shop's history; by default the last 90 days with orders.</summary>
    public static DashboardPeriod Resolve(ShopData data, DateOnly? from, DateOnly? to)
    {
        var whole = MeasureReportBuilder.WholeRange(data);
        var first = DateOnly.FromDateTime(whole.Start);
        var last = DateOnly.FromDateTime(whole.End.AddTicks(-1));
        var end = to ?? last;
        var start = from ?? end.AddDays(1 - DefaultDays);
        if (start > end)
            (start, end) = (end, start);
        return new DashboardPeriod(start, end, first, last);
    }

    /// <summary>The last <paramref name="days"/> days of the history, for the quick-range links.</summary>
    public (DateOnly From, DateOnly To) LastDays(int days) => (Last.AddDays(1 - days), Last);

    public string Query => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";
}
