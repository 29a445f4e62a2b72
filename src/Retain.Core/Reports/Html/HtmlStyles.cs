using Retain.Analytics.Measure;

namespace Retain.Core.Reports.Html;

internal static class HtmlStyles
{
    public const string Css = """
        :root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--accent:#2563eb}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#f8fafc}
        main{max-width:1100px;margin:0 auto;padding:24px}h1{margin:0 0 4px;font-size:26px}h2{margin:0 0 12px;font-size:19px}h3{font-size:15px;margin:18px 0 8px}
        section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:18px 0}
        .sub,.note{color:var(--muted);margin:2px 0}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
        .card{border:1px solid var(--line);border-radius:8px;padding:10px 12px}.label{color:var(--muted);font-size:12px}.value{font-size:20px;font-weight:600;margin:2px 0}
        .prev{font-size:12px;color:var(--muted)}.good{color:#15803d;font-weight:600}.bad{color:#b91c1c;font-weight:600}.flat{color:var(--muted)}
        svg{width:100%;height:auto;display:block;margin:8px 0}svg text{font:11px system-ui,sans-serif;fill:#374151}.axis{fill:#6b7280}
        .bar{fill:var(--accent)}.line{fill:none;stroke:var(--accent);stroke-width:2}.dot{fill:var(--accent)}.grid{stroke:var(--line)}
        .cell{font-size:10px}.light{fill:#fff}.tm{font-size:12px;font-weight:600;fill:#111827}
        table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}thead th{color:var(--muted);font-weight:600}table.num td,table.num th{padding:3px 5px;font-size:12px}
        table.grid td{text-align:center;font-size:12px;border:2px solid #fff}details{margin:8px 0}summary{cursor:pointer;color:var(--accent)}
        .sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}dl{display:grid;grid-template-columns:220px 1fr;gap:4px 12px}dt{font-weight:600}dd{margin:0}
        @media print{body{background:#fff}section{break-inside:avoid}}
        """;

    public static string SegmentColor(RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => "#86efac",
        RfmSegment.Loyal => "#bbf7d0",
        RfmSegment.PotentialLoyalist => "#bfdbfe",
        RfmSegment.New => "#c7d2fe",
        RfmSegment.Promising => "#ddd6fe",
        RfmSegment.NeedAttention => "#fef08a",
        RfmSegment.AboutToSleep => "#fde68a",
        RfmSegment.AtRisk => "#fdba74",
        RfmSegment.CantLoseThem => "#fca5a5",
        RfmSegment.Hibernating => "#e5e7eb",
        _ => "#d1d5db",
    };

    public const string Definitions = """
        <section><h2>Definitions</h2><dl>
        <dt>Order revenue</dt><dd>Σ quantity × unit price − line discounts, cancelled orders excluded; net revenue also subtracts refunds dated in the period.</dd>
        <dt>Active customer</dt><dd>At least one order in the period. Guest orders count in orders and revenue, never in customer figures.</dd>
        <dt>Retention rate</dt><dd>Share of the customers active in the previous period of equal length who are active in this one; churn = 1 − retention.</dd>
        <dt>Repeat-purchase rate</dt><dd>Share of active customers with two or more orders in the period.</dd>
        <dt>Returning customers' share</dt><dd>Share of customer orders (and revenue) that are not the customer's first order ever.</dd>
        <dt>AOV · purchase frequency</dt><dd>Revenue / orders · customer orders / active customers.</dd>
        <dt>Days between orders</dt><dd>Gaps between consecutive orders of a customer that end in the period.</dd>
        <dt>Historic CLV</dt><dd>Mean over customers acquired before the period's end of their revenue net of refunds up to then.</dd>
        <dt>Top 20% share</dt><dd>Revenue share of the top 20% (rounded up) of the period's active customers by revenue.</dd>
        <dt>Cohorts</dt><dd>Customers grouped by the month (or ISO week) of their first order; cell (c, k) is the share of cohort c with an order k periods later.</dd>
        <dt>RFM</dt><dd>Recency = whole days from the last order to the snapshot; frequency = orders; monetary = revenue. Scored 1–5 by quintile (linear-interpolated edges, right-closed); frequency by rank with ties broken by customer id; 5 is best.</dd>
        </dl><p class="note">Made by Retain. This page is self-contained: no scripts, no external resources.</p></section>
        """;
}
