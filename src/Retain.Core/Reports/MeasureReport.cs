using Retain.Analytics.Measure;

namespace Retain.Core.Reports;

/// <summary>What a <see cref="MeasureReport"/> covers; every field optional.</summary>
public sealed record MeasureReportOptions
{
    /// <summary>The period reported on; default: from the first order to the snapshot.</summary>
    public DateRange? Range { get; init; }
    /// <summary>"Today" for recency; default: the day after the last order in the range (00:00 UTC).</summary>
    public DateTime? Snapshot { get; init; }
    public CohortGrain CohortGrain { get; init; } = CohortGrain.Month;
    /// <summary>Rows per breakdown before the rest is folded into "(other)".</summary>
    public int BreakdownTop { get; init; } = 12;
}

/// <summary>Where the data came from, for the report header (a file and its parse counts, or a database).</summary>
public sealed record ReportSource(string Description, IReadOnlyList<ReportCount> Counts);

public sealed record ReportCount(string Label, long Value);

/// <summary>How a KPI's value reads.</summary>
public enum KpiUnit
{
    Count,
    Money,
    Percent,
    Days,
    Number,
}

/// <summary>One KPI, current against previous period, ready to render.</summary>
public sealed record KpiRow(string Key, string Label, KpiUnit Unit, double? Current, double? Previous, bool HigherIsBetter)
{
    /// <summary>Relative change (current / previous − 1); null when either is missing or previous is 0.</summary>
    public double? Change => Current is { } c && Previous is { } p && p != 0 ? c / p - 1 : null;

    /// <summary>Current − previous (for rates: the change in points of share); null when either is missing.</summary>
    public double? Difference => Current - Previous;
}

/// <summary>RFM at the snapshot: edges, score distributions, the R×F grid and named segments (no per-customer rows).</summary>
public sealed record RfmSummary(
    DateTime Snapshot,
    int Customers,
    double[] RecencyEdges,
    double[] MonetaryEdges,
    int[] RecencyScoreCounts,
    int[] FrequencyScoreCounts,
    int[] MonetaryScoreCounts,
    /// <summary>[r-1][f-1] = customers with scores R=r, F=f.</summary>
    int[][] Grid,
    IReadOnlyList<RfmSegmentSummary> Segments);

public sealed record BreakdownSection(BreakdownDimension Dimension, string Title, IReadOnlyList<BreakdownRow> Rows);

/// <summary>
/// The whole Measure picture of a shop for one period: headline KPIs against the previous period, monthly trend,
/// acquisition cohorts, RFM segments and breakdowns. Built by <see cref="MeasureReportBuilder"/> from
/// <see cref="Analytics.Data.ShopData"/> (from a file or the database); rendered to JSON, HTML or a terminal.
/// </summary>
public sealed record MeasureReport
{
    public required string Title { get; init; }
    public required string Currency { get; init; }
    public ReportSource? Source { get; init; }
    public required DateRange Range { get; init; }
    public required DateTime Snapshot { get; init; }
    public required IReadOnlyList<KpiRow> Headline { get; init; }
    public required KpiComparison Kpis { get; init; }
    public required IReadOnlyList<PeriodKpis> Trend { get; init; }
    public required CohortMatrix Cohorts { get; init; }
    public required RfmSummary Rfm { get; init; }
    public required IReadOnlyList<BreakdownSection> Breakdowns { get; init; }
}
