using System.Globalization;
using System.Text;
using Retain.Analytics.Measure;
using static Retain.Core.Reports.Html.Svg;

namespace Retain.Core.Reports.Html;

/// <summary>
/// The report as one self-contained HTML page: inline CSS and SVG, no scripts, no network. Every chart has its
/// numbers as a table beside it (in a <c>details</c> element) for screen readers and copying.
/// </summary>
public static class MeasureReportHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(MeasureReport report)
    {
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append(C, $"<title>{E(report.Title)} · {report.Range}</title><style>{HtmlStyles.Css}</style></head><body><main>");
        Header(sb, report);
        Headline(sb, report);
        TrendSection(sb, report);
        CohortSection(sb, report);
        RfmSection(sb, report);
        BreakdownSections(sb, report);
        sb.Append(HtmlStyles.Definitions);
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, MeasureReport r)
    {
        sb.Append(C, $"<header><h1>{E(r.Title)}</h1><p class=\"sub\">Period <b>{r.Range}</b> (compared with {r.Kpis.Previous.Range}) · snapshot {ReportFormat.Date(r.Snapshot)} · amounts in {E(r.Currency)}</p>");
        if (r.Source is { } source)
        {
            sb.Append(C, $"<p class=\"sub\">{E(source.Description)}");
            foreach (var count in source.Counts)
                sb.Append(C, $" · {E(count.Label)} <b>{ReportFormat.Count(count.Value)}</b>");
            sb.Append("</p>");
        }
        sb.Append("</header>");
    }

    private static void Headline(StringBuilder sb, MeasureReport r)
    {
        sb.Append("<section><h2>Headline</h2><div class=\"cards\">");
        foreach (var k in r.Headline)
        {
            var change = k.Unit == KpiUnit.Percent ? k.Difference : k.Change;
            var good = change is { } c && c != 0 && (c > 0) == k.HigherIsBetter;
            var cls = change is null or 0 ? "flat" : good ? "good" : "bad";
            sb.Append(C, $"<div class=\"card\"><div class=\"label\">{E(k.Label)}</div><div class=\"value\">{E(ReportFormat.Value(k.Current, k.Unit, r.Currency))}</div>");
            sb.Append(C, $"<div class=\"prev\">previous {E(ReportFormat.Value(k.Previous, k.Unit, r.Currency))} <span class=\"{cls}\">{E(ReportFormat.Change(k))}</span></div></div>");
        }
        sb.Append("</div></section>");
    }

    private static void TrendSection(StringBuilder sb, MeasureReport r)
    {
        var labels = r.Trend.Select(t => t.Range.Start.ToString("yyyy-MM", C)).ToList();
        sb.Append("<section><h2>Trend per month</h2>");
        sb.Append(Bars("Net revenue per month", labels, [.. r.Trend.Select(t => (double)t.NetRevenue)], v => Compact(v)));
        sb.Append(Line("Retention rate per month (customers of the month before who ordered again)", labels, [.. r.Trend.Select(t => t.RetentionRate)]));
        sb.Append("<details><summary>Trend as a table</summary><table><thead><tr><th>Month</th><th>Customers</th><th>New</th><th>Orders</th><th>Revenue</th><th>Net revenue</th><th>Retention</th><th>Repeat rate</th><th>AOV</th></tr></thead><tbody>");
        foreach (var t in r.Trend)
        {
            sb.Append(C, $"<tr><td>{t.Range.Start:yyyy-MM}</td><td>{t.Customers:N0}</td><td>{t.NewCustomers:N0}</td><td>{t.Orders:N0}</td><td>{t.Revenue:N2}</td><td>{t.NetRevenue:N2}</td>");
            sb.Append(C, $"<td>{ReportFormat.Percent(t.RetentionRate)}</td><td>{ReportFormat.Percent(t.RepeatPurchaseRate)}</td><td>{t.AverageOrderValue:N2}</td></tr>");
        }
        sb.Append("</tbody></table></details></section>");
    }

    private static void CohortSection(StringBuilder sb, MeasureReport r)
    {
        var m = r.Cohorts;
        var grain = m.Grain == CohortGrain.Month ? "month" : "week";
        var skip = Math.Max(0, m.Labels.Count - (m.Grain == CohortGrain.Month ? 36 : 52));
        var shares = m.RetentionShares;
        sb.Append(C, $"<section><h2>Acquisition cohorts by {grain}</h2><p class=\"note\">Row: customers whose first order fell in that {grain}. Column +k: share of them ordering {grain} k later (%).{(skip > 0 ? $" The latest {m.Labels.Count - skip} cohorts are drawn; the tables have all." : "")}</p>");
        sb.Append(Heatmap($"Cohort retention by {grain}", [.. m.Labels.Skip(skip)], [.. shares.Skip(skip)], "+"));
        sb.Append("<details><summary>Cohort retention as a table</summary>");
        CohortTable(sb, m, (c, k) => ReportFormat.Percent(shares[c][k]));
        sb.Append("</details><details><summary>Cohort revenue as a table</summary>");
        CohortTable(sb, m, (c, k) => m.Revenue[c][k].ToString("N0", C));
        sb.Append("</details></section>");
    }

    private static void CohortTable(StringBuilder sb, CohortMatrix m, Func<int, int, string> cell)
    {
        var columns = m.Customers.Select(x => x.Length).DefaultIfEmpty(0).Max();
        sb.Append("<table class=\"num\"><thead><tr><th>Cohort</th><th>Size</th>");
        for (var k = 0; k < columns; k++)
            sb.Append(C, $"<th>+{k}</th>");
        sb.Append("</tr></thead><tbody>");
        for (var c = 0; c < m.Labels.Count; c++)
        {
            sb.Append(C, $"<tr><td>{E(m.Labels[c])}</td><td>{m.Sizes[c]:N0}</td>");
            for (var k = 0; k < m.Customers[c].Length; k++)
                sb.Append(C, $"<td>{cell(c, k)}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
    }

    private static void RfmSection(StringBuilder sb, MeasureReport r)
    {
        var rfm = r.Rfm;
        sb.Append(C, $"<section><h2>RFM segments</h2><p class=\"note\">{rfm.Customers:N0} customers scored at {ReportFormat.Date(rfm.Snapshot)}: recency, frequency and monetary quintiles, 5 = best. Box size = customers.</p>");
        sb.Append(Treemap("RFM segments by number of customers",
            [.. rfm.Segments.Select(s => ($"{s.Name} · {s.Customers:N0} ({ReportFormat.Percent(s.Share)})", (double)s.Customers, HtmlStyles.SegmentColor(s.Segment)))]));
        sb.Append("<h3>Segment map (R × F)</h3><table class=\"grid\"><thead><tr><th>R \\ F</th>");
        for (var f = 1; f <= 5; f++)
            sb.Append(C, $"<th>F{f}</th>");
        sb.Append("</tr></thead><tbody>");
        for (var rr = 5; rr >= 1; rr--)
        {
            sb.Append(C, $"<tr><th>R{rr}</th>");
            for (var f = 1; f <= 5; f++)
            {
                var seg = RfmSegments.Of(rr, f);
                sb.Append(C, $"<td style=\"background:{HtmlStyles.SegmentColor(seg)}\">{E(RfmSegments.Name(seg))}<br><b>{rfm.Grid[rr - 1][f - 1]:N0}</b></td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table><h3>Segments</h3><table><thead><tr><th>Segment</th><th>Customers</th><th>Share</th><th>Revenue</th><th>Mean recency (d)</th><th>Mean orders</th><th>Mean revenue</th><th>What to do</th></tr></thead><tbody>");
        foreach (var s in rfm.Segments)
        {
            sb.Append(C, $"<tr><td><span class=\"sw\" style=\"background:{HtmlStyles.SegmentColor(s.Segment)}\"></span>{E(s.Name)}</td><td>{s.Customers:N0}</td><td>{ReportFormat.Percent(s.Share)}</td><td>{s.Revenue:N2}</td>");
            sb.Append(C, $"<td>{s.MeanRecencyDays:N0}</td><td>{s.MeanFrequency:N1}</td><td>{s.MeanMonetary:N2}</td><td>{E(RfmSegments.Advice(s.Segment))}</td></tr>");
        }
        sb.Append("</tbody></table><details><summary>Quintile edges and score counts</summary><table><thead><tr><th></th><th>Edges</th><th>Customers per score 1..5</th></tr></thead><tbody>");
        sb.Append(C, $"<tr><td>Recency (days)</td><td>{string.Join(", ", rfm.RecencyEdges.Select(e => e.ToString("0.##", C)))}</td><td>{string.Join(", ", rfm.RecencyScoreCounts)}</td></tr>");
        sb.Append(C, $"<tr><td>Frequency</td><td>ranked, ties by customer id</td><td>{string.Join(", ", rfm.FrequencyScoreCounts)}</td></tr>");
        sb.Append(C, $"<tr><td>Monetary</td><td>{string.Join(", ", rfm.MonetaryEdges.Select(e => e.ToString("0.##", C)))}</td><td>{string.Join(", ", rfm.MonetaryScoreCounts)}</td></tr>");
        sb.Append("</tbody></table></details></section>");
    }

    private static void BreakdownSections(StringBuilder sb, MeasureReport r)
    {
        foreach (var section in r.Breakdowns)
        {
            if (section.Rows.Count == 0 || section.Rows is [{ Key: Breakdowns.Unknown }])
            {
                sb.Append(C, $"<section><h2>By {E(section.Title.ToLowerInvariant())}</h2><p class=\"note\">The data has no {E(section.Title.ToLowerInvariant())} for its customers.</p></section>");
                continue;
            }
            sb.Append(C, $"<section><h2>By {E(section.Title.ToLowerInvariant())}</h2><table><thead><tr><th>{E(section.Title)}</th><th>Customers</th><th>Orders</th><th>Revenue</th><th>Change</th><th>Retention</th><th>Repeat rate</th><th>AOV</th><th>Historic CLV</th></tr></thead><tbody>");
            foreach (var row in section.Rows)
            {
                var (c, p) = (row.Kpis.Current, row.Kpis.Previous);
                var change = p.Revenue == 0 ? null : (double?)(c.Revenue / p.Revenue - 1);
                sb.Append(C, $"<tr><td>{E(row.Key)}</td><td>{c.Customers:N0}</td><td>{c.Orders:N0}</td><td>{c.Revenue:N2}</td><td>{ReportFormat.Change(change)}</td>");
                sb.Append(C, $"<td>{ReportFormat.Percent(c.RetentionRate)}</td><td>{ReportFormat.Percent(c.RepeatPurchaseRate)}</td><td>{c.AverageOrderValue:N2}</td><td>{c.HistoricClv:N2}</td></tr>");
            }
            sb.Append("</tbody></table></section>");
        }
    }

    private static string Compact(double v) => Math.Abs(v) switch
    {
        >= 1e6 => (v / 1e6).ToString("0.#", C) + "M",
        >= 1e3 => (v / 1e3).ToString("0.#", C) + "k",
        _ => v.ToString("0", C),
    };
}
