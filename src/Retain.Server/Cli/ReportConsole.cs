using System.Globalization;
using Retain.Analytics.Measure;
using Retain.Core.Import.Parsing;
using Retain.Core.Reports;
using Spectre.Console;

namespace Retain.Server.Cli;

/// <summary>The Measure report as terminal tables (Spectre.Console); plain text when output is redirected.</summary>
internal static class ReportConsole
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A report that did not come from a file (the database, the demo): nothing was rejected.</summary>
    public static void Render(MeasureReport report, TimeSpan elapsed) => Render(report, [], new ImportStatistics(), elapsed);

    public static void Render(MeasureReport report, IReadOnlyList<RejectedRow> rejected, ImportStatistics statistics, TimeSpan elapsed, IAnsiConsole? console = null)
    {
        var c = console ?? AnsiConsole.Console;
        var colour = c.Profile.Capabilities.Ansi && !Console.IsOutputRedirected;
        c.Write(new Rule($"[bold]{Markup.Escape(report.Title)}[/] {report.Range}").LeftJustified());
        if (report.Source is { } source)
            c.MarkupLine(Markup.Escape($"{source.Description}: " + string.Join(" · ", source.Counts.Select(k => $"{k.Label} {ReportFormat.Count(k.Value)}"))));
        c.MarkupLine(Markup.Escape($"Compared with {report.Kpis.Previous.Range} · snapshot {ReportFormat.Date(report.Snapshot)} · amounts in {report.Currency}"));
        Rejections(c, rejected, statistics, colour);

        var kpis = new Table().Border(TableBorder.Rounded).AddColumn("KPI").AddColumn(new TableColumn("Current").RightAligned())
            .AddColumn(new TableColumn("Previous").RightAligned()).AddColumn(new TableColumn("Change").RightAligned());
        foreach (var k in report.Headline)
        {
            var change = ReportFormat.Change(k);
            var tone = (k.Unit == KpiUnit.Percent ? k.Difference : k.Change) is not { } ch || ch == 0 ? "grey" : (ch > 0) == k.HigherIsBetter ? "green" : "red";
            kpis.AddRow(Markup.Escape(k.Label), Markup.Escape(ReportFormat.Value(k.Current, k.Unit, report.Currency)),
                Markup.Escape(ReportFormat.Value(k.Previous, k.Unit, report.Currency)), colour ? $"[{tone}]{Markup.Escape(change)}[/]" : Markup.Escape(change));
        }
        c.Write(kpis);

        Segments(c, report);
        Cohorts(c, report.Cohorts);
        Breakdown(c, report);
        var footer = $"{report.Rfm.Customers.ToString("N0", C)} customers scored · done in {elapsed.TotalSeconds.ToString("0.00", C)} s";
        c.MarkupLine(colour ? $"[grey]{footer}[/]" : footer);
    }

    public static void Note(string text) => AnsiConsole.WriteLine(text);

    private static void Rejections(IAnsiConsole c, IReadOnlyList<RejectedRow> rejected, ImportStatistics statistics, bool colour)
    {
        if (statistics.RowsRejected == 0)
            return;
        var heading = $"{statistics.RowsRejected.ToString("N0", C)} rows rejected, by reason:";
        c.MarkupLine(colour ? $"[yellow]{heading}[/]" : heading);
        foreach (var (reason, count) in statistics.RejectionsByReason.OrderByDescending(r => r.Value).Take(8))
        {
            var example = rejected.FirstOrDefault(r => ImportStatistics.ReasonKind(r.Reason) == reason);
            c.MarkupLine(Markup.Escape($"  {count,9:N0} × {reason}" + (example is null ? "" : $" (first: line {example.LineNumber}, {example.Reason})")));
        }
    }

    private static void Segments(IAnsiConsole c, MeasureReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("RFM segments")
            .AddColumn("Segment").AddColumn(new TableColumn("Customers").RightAligned()).AddColumn(new TableColumn("Share").RightAligned())
            .AddColumn(new TableColumn("Revenue").RightAligned()).AddColumn(new TableColumn("Recency d").RightAligned())
            .AddColumn(new TableColumn("Orders").RightAligned());
        foreach (var s in report.Rfm.Segments)
        {
            table.AddRow(Markup.Escape(s.Name), s.Customers.ToString("N0", C), ReportFormat.Percent(s.Share), s.Revenue.ToString("N0", C),
                s.MeanRecencyDays.ToString("N0", C), s.MeanFrequency.ToString("N1", C));
        }
        c.Write(table);
    }

    private static void Cohorts(IAnsiConsole c, CohortMatrix m)
    {
        const int maxColumns = 12, maxRows = 24;
        var table = new Table().Border(TableBorder.Simple).Title($"Cohort retention by {(m.Grain == CohortGrain.Month ? "month" : "week")} (%, latest {maxRows})")
            .AddColumn("Cohort").AddColumn(new TableColumn("Size").RightAligned());
        var columns = Math.Min(maxColumns, m.Customers.Select(r => r.Length).DefaultIfEmpty(0).Max());
        for (var k = 1; k < columns; k++)
            table.AddColumn(new TableColumn($"+{k}").RightAligned());
        for (var row = Math.Max(0, m.Labels.Count - maxRows); row < m.Labels.Count; row++)
        {
            var cells = new List<string> { m.Labels[row], m.Sizes[row].ToString("N0", C) };
            for (var k = 1; k < columns; k++)
                cells.Add(k < m.Customers[row].Length && m.Sizes[row] > 0 ? (m.Retention(row, k) * 100).ToString("0.0", C) : "");
            table.AddRow(cells.ToArray());
        }
        c.Write(table);
    }

    private static void Breakdown(IAnsiConsole c, MeasureReport report)
    {
        foreach (var section in report.Breakdowns)
        {
            if (section.Rows.Count == 0 || section.Rows is [{ Key: Breakdowns.Unknown }])
                continue;
            var table = new Table().Border(TableBorder.Simple).Title($"By {section.Title.ToLowerInvariant()}")
                .AddColumn(section.Title).AddColumn(new TableColumn("Customers").RightAligned()).AddColumn(new TableColumn("Revenue").RightAligned())
                .AddColumn(new TableColumn("Retention").RightAligned()).AddColumn(new TableColumn("Repeat").RightAligned()).AddColumn(new TableColumn("AOV").RightAligned());
            foreach (var row in section.Rows)
            {
                var k = row.Kpis.Current;
                table.AddRow(Markup.Escape(row.Key), k.Customers.ToString("N0", C), k.Revenue.ToString("N0", C), ReportFormat.Percent(k.RetentionRate),
                    ReportFormat.Percent(k.RepeatPurchaseRate), k.AverageOrderValue?.ToString("N2", C) ?? "–");
            }
            c.Write(table);
        }
    }
}
