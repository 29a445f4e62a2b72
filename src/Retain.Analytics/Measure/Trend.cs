using Retain.Analytics.Data;

namespace Retain.Analytics.Measure;

/// <summary>KPIs per calendar month (retention each against the month before).</summary>
public static class Trend
{
    /// <summary>One <see cref="PeriodKpis"/> per calendar month that overlaps <paramref name="range"/>, clipped to it.</summary>
    public static IReadOnlyList<PeriodKpis> Monthly(ShopData data, DateRange range)
    {
        var result = new List<PeriodKpis>();
        var month = new DateTime(range.Start.Year, range.Start.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (; month < range.End; month = month.AddMonths(1))
        {
            var start = month < range.Start ? range.Start : month;
            var next = month.AddMonths(1);
            var end = next > range.End ? range.End : next;
            // Retention compares calendar months, not the clipped periods.
            var kpis = Kpis.For(data, new DateRange(start, end));
            if (start != month || end != next)
            {
                var whole = Kpis.For(data, new DateRange(month, next));
                kpis = kpis with
                {
                    PreviousPeriodCustomers = whole.PreviousPeriodCustomers,
                    RetainedCustomers = whole.RetainedCustomers,
                    RetentionRate = whole.RetentionRate,
                };
            }
            result.Add(kpis);
        }
        return result;
    }
}
