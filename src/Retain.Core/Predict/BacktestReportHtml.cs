using System.Globalization;
using System.Text;
using Retain.Analytics.Backtesting;
using Retain.Analytics.Churn;
using Retain.Core.Reports.Html;
using static Retain.Core.Reports.Html.Svg;

namespace Retain.Core.Predict;

/// <summary>
/// The back-test as one self-contained HTML page: inline CSS and SVG, no scripts, no network. Each chart has its
/// numbers in a table beside it. Words and number formats come from a <see cref="BacktestReportText"/> (English by
/// default, as the CLI writes it; the dashboard passes the reader's language).
/// </summary>
public static class BacktestReportHtml
{
    internal static readonly string[] Colors = ["#dc2626", "#2563eb", "#16a34a"];
    private const string ActualColor = "#111827";

    public static string Render(BacktestResult r, string source, BacktestReportText? text = null)
    {
        var t = text ?? BacktestReportText.English;
        var (c, p) = (t.Culture, r.Period);
        var sb = new StringBuilder(128 * 1024);
        sb.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{t.Language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append(c, $"<title>{E(string.Format(c, t.PageTitle, Date(t, p.Cutoff)))}</title><style>{HtmlStyles.Css}</style></head><body><main>");
        sb.Append(c, $"<header><h1>{E(t.PageHeading)}</h1><p class=\"sub\">{E(source)}</p><p class=\"sub\">");
        sb.Append(string.Format(c, t.PeriodLine, Date(t, p.Start), Date(t, p.Cutoff.AddDays(-1)), Date(t, p.Cutoff), Date(t, p.HoldoutEnd.AddDays(-1)), p.HoldoutDays));
        sb.Append(E(string.Format(c, t.CountsLine, p.Customers, p.Repeaters, p.CalibrationRepeatPurchases, p.HoldoutPurchases, p.Currency)));
        sb.Append("</p></header>");
        AppendSections(sb, r, t);
        sb.Append(t.HowToRead);
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    /// <summary>The report's sections (tables, SVG charts with their tables) without the page around them: the dashboard's Models page embeds them.</summary>
    public static string RenderSections(BacktestResult r, BacktestReportText? text = null)
    {
        var sb = new StringBuilder(128 * 1024);
        AppendSections(sb, r, text ?? BacktestReportText.English);
        return sb.ToString();
    }

    private static void AppendSections(StringBuilder sb, BacktestResult r, BacktestReportText t)
    {
        Holdout(sb, r, t);
        TrackingSection(sb, r, t);
        FrequencySection(sb, r, t);
        ParameterSection(sb, r, t);
        ChurnSection(sb, r, t);
    }

    private static string Date(BacktestReportText t, DateOnly date) => date.ToString(t.DateFormat, t.Culture);

    private static void Head(StringBuilder sb, IEnumerable<string> headers)
    {
        foreach (var h in headers)
            sb.Append("<th>").Append(E(h)).Append("</th>");
    }

    private static void Holdout(StringBuilder sb, BacktestResult r, BacktestReportText t)
    {
        var c = t.Culture;
        sb.Append("<section><h2>").Append(E(t.HoldoutHeading)).Append("</h2><table><thead><tr>");
        Head(sb, t.HoldoutHeaders);
        sb.Append("</tr></thead><tbody>");
        foreach (var m in r.PurchaseModels)
        {
            var error = m.ActualHoldout == 0 ? double.NaN : (m.PredictedHoldout - m.ActualHoldout) / m.ActualHoldout;
            sb.Append(c, $"<tr><td>{E(m.Name)}</td><td>{m.PredictedHoldout:N1}</td><td>{m.ActualHoldout:N0}</td><td>{error * 100:+0.0;−0.0}%</td><td>{m.MeanAbsoluteError:0.0000}</td><td>{m.RootMeanSquaredError:0.0000}</td></tr>");
        }
        sb.Append("</tbody></table>");
        var note = r.Spend is { } s
            ? string.Format(c, t.SpendNote, s.HoldoutCustomers, s.MeanPredictedSpend, s.MeanActualSpend, s.MeanAbsoluteError)
            : string.Format(c, t.NoSpendModel, r.SpendError ?? "");
        sb.Append("<p class=\"note\">").Append(E(note)).Append("</p></section>");
    }

    private static void TrackingSection(StringBuilder sb, BacktestResult r, BacktestReportText t)
    {
        var c = t.Culture;
        var cutoffWeek = (r.Period.Cutoff.DayNumber - r.Period.Start.DayNumber) / 7.0;
        List<XySeries> series = [new(t.Actual, ActualColor, [.. r.Tracking.Select(w => ((double)w.Week, (double)w.Actual))])];
        series.AddRange(r.PurchaseModels.Select((m, i) => new XySeries(m.Name, Colors[i], [.. r.Tracking.Select(w => ((double)w.Week, w.Expected[i]))], Dashed: true)));
        sb.Append(c, $"<section><h2>{E(t.TrackingHeading)}</h2><p class=\"note\">{E(t.TrackingNote)}</p>");
        sb.Append(XyChart.Render(t.TrackingChart, series, t.TrackingX, t.TrackingY,
            v => v.ToString("0", c), v => Compact(v, t), marker: (cutoffWeek, t.CutoffMarker)));
        sb.Append(c, $"<details><summary>{E(t.TrackingTable)}</summary><table class=\"num\"><thead><tr>");
        Head(sb, t.TrackingHeaders);
        Head(sb, r.PurchaseModels.Select(m => m.Name));
        sb.Append("</tr></thead><tbody>");
        foreach (var w in r.Tracking)
        {
            sb.Append(c, $"<tr><td>{w.Week}</td><td>{Date(t, w.End)}</td><td>{w.Actual:N0}</td>");
            foreach (var e in w.Expected)
                sb.Append(c, $"<td>{e:N1}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></details></section>");
    }

    private static void FrequencySection(StringBuilder sb, BacktestResult r, BacktestReportText t)
    {
        var c = t.Culture;
        var groups = r.ConditionalExpectations;
        List<XySeries> series = [new(t.Actual, ActualColor, [.. groups.Select((g, k) => ((double)k, g.ActualMean))], Markers: true)];
        series.AddRange(r.PurchaseModels.Select((m, i) => new XySeries(m.Name, Colors[i], [.. groups.Select((g, k) => ((double)k, g.PredictedMeans[i]))], Dashed: true, Markers: true)));
        sb.Append(c, $"<section><h2>{E(t.FrequencyHeading)}</h2><p class=\"note\">{E(t.FrequencyNote)}</p>");
        sb.Append(XyChart.Render(t.FrequencyChart, series, t.FrequencyX, t.FrequencyY,
            v => v.ToString("0.#", c), v => v.ToString("0.##", c), x: (0, groups.Count - 1)));
        sb.Append("<table><thead><tr>");
        Head(sb, t.FrequencyHeaders);
        Head(sb, r.PurchaseModels.Select(m => m.Name));
        sb.Append("</tr></thead><tbody>");
        foreach (var g in groups)
        {
            sb.Append(c, $"<tr><td>{E(g.Frequency)}</td><td>{g.Customers:N0}</td><td>{g.ActualMean:0.000}</td>");
            foreach (var v in g.PredictedMeans)
                sb.Append(c, $"<td>{v:0.000}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></section>");
    }

    private static void ParameterSection(StringBuilder sb, BacktestResult r, BacktestReportText t)
    {
        sb.Append(t.Culture, $"<section><h2>{E(t.ParametersHeading)}</h2><p class=\"note\">{E(t.ParametersNote)}</p><table><thead><tr>");
        Head(sb, t.ParameterHeaders);
        sb.Append("</tr></thead><tbody>");
        foreach (var m in r.PurchaseModels)
            Rows(sb, t, m.Name, m.Parameters, m.LogLikelihood, Fit(t, m.Converged, m.Iterations, m.Warning));
        if (r.Spend is { } s)
            Rows(sb, t, string.Format(t.Culture, t.SpendModelRow, s.Customers), s.Parameters, s.LogLikelihood, E(s.Converged ? t.Converged : t.NotConverged));
        sb.Append("</tbody></table></section>");
    }

    /// <summary>The fit cell as HTML. The optimiser's warnings come from Retain.Analytics in English only, so in another language they are marked as English.</summary>
    private static string Fit(BacktestReportText t, bool converged, int iterations, string? warning) =>
        E((converged ? t.Converged : t.NotConverged) + string.Format(t.Culture, t.Iterations, iterations))
        + (warning is null ? "" : t.Language == "en" ? " · " + E(warning) : $" · <span lang=\"en\">{E(warning)}</span>");

    private static void Rows(StringBuilder sb, BacktestReportText t, string model, IReadOnlyList<ParameterEstimate> parameters, double ll, string fitHtml)
    {
        var c = t.Culture;
        for (var i = 0; i < parameters.Count; i++)
        {
            var head = i == 0 ? $"<td rowspan=\"{parameters.Count}\">{E(model)}</td>" : "";
            var tail = i == 0 ? string.Create(c, $"<td rowspan=\"{parameters.Count}\">{ll:N4}</td><td rowspan=\"{parameters.Count}\">{fitHtml}</td>") : "";
            sb.Append(c, $"<tr>{head}<td>{E(parameters[i].Name)}</td><td>{parameters[i].Value:G6}</td><td>{parameters[i].StandardError:G4}</td>{tail}</tr>");
        }
    }

    private static void ChurnSection(StringBuilder sb, BacktestResult r, BacktestReportText t)
    {
        var c = t.Culture;
        sb.Append("<section><h2>").Append(E(string.Format(c, t.ChurnHeading, r.Period.HoldoutDays))).Append("</h2>");
        if (r.Churn is not { } ch)
        {
            sb.Append("<p class=\"note\">").Append(E(string.Format(c, t.ChurnUnavailable, r.ChurnError ?? ""))).Append("</p></section>");
            return;
        }
        sb.Append("<p class=\"note\">").Append(E(string.Format(c, t.ChurnNote, ch.TrainingSnapshots, ch.SeasonalShift))).Append("</p><table><thead><tr>");
        Head(sb, t.ChurnHeaders);
        sb.Append("</tr></thead><tbody>");
        foreach (var (name, m) in new[] { (t.ChurnModel, ch.Model), (t.BaselineScore, ch.Baseline) })
            sb.Append(c, $"<tr><td>{E(name)}</td><td>{m.Count:N0}</td><td>{m.BaseRate:0.0000}</td><td>{m.RocAuc:0.0000}</td><td>{m.AveragePrecision:0.0000}</td><td>{m.Brier:0.0000}</td><td>{m.LogLoss:0.0000}</td></tr>");
        sb.Append("</tbody></table>");
        static List<(double, double)> Points(IReadOnlyList<CurvePoint> curve) => [.. curve.Select(p => (p.X, p.Y))];
        static List<(double, double)> Groups(IReadOnlyList<CalibrationGroup> groups) => [.. groups.Select(g => (g.MeanPredicted, g.ObservedRate))];
        Func<double, string> share = v => v.ToString("0.00", c);
        sb.Append(XyChart.Render(t.CalibrationChart, [new(t.ChurnModel, Colors[2], Groups(ch.ModelCalibration), Markers: true), new(t.Baseline, Colors[0], Groups(ch.BaselineCalibration), Dashed: true, Markers: true)],
            t.CalibrationX, t.CalibrationY, share, share, (0, 1), (0, 1), diagonal: true));
        sb.Append(XyChart.Render(t.RocChart, [new(t.ChurnModel, Colors[2], Points(ch.ModelRoc)), new(t.Baseline, Colors[0], Points(ch.BaselineRoc), Dashed: true)],
            t.RocX, t.RocY, share, share, (0, 1), (0, 1), diagonal: true));
        sb.Append(XyChart.Render(t.PrecisionRecallChart, [new(t.ChurnModel, Colors[2], Points(ch.ModelPrecisionRecall)), new(t.Baseline, Colors[0], Points(ch.BaselinePrecisionRecall), Dashed: true)],
            t.PrecisionRecallX, t.PrecisionRecallY, share, share, (0, 1), (0, 1)));
        sb.Append("<details><summary>").Append(E(t.DecileTable)).Append("</summary><table><thead><tr>");
        Head(sb, t.DecileHeaders);
        sb.Append("</tr></thead><tbody>");
        for (var i = 0; i < Math.Max(ch.ModelCalibration.Count, ch.BaselineCalibration.Count); i++)
        {
            var m = i < ch.ModelCalibration.Count ? ch.ModelCalibration[i] : default;
            var b = i < ch.BaselineCalibration.Count ? ch.BaselineCalibration[i] : default;
            sb.Append(c, $"<tr><td>{i + 1}</td><td>{m.Count:N0}</td><td>{m.MeanPredicted:0.000}</td><td>{m.ObservedRate:0.000}</td><td>{b.MeanPredicted:0.000}</td><td>{b.ObservedRate:0.000}</td></tr>");
        }
        sb.Append("</tbody></table></details></section>");
    }

    private static string Compact(double v, BacktestReportText t) =>
        Math.Abs(v) >= 1e6 ? (v / 1e6).ToString("0.#", t.Culture) + t.Millions
        : Math.Abs(v) >= 1e3 ? (v / 1e3).ToString("0.#", t.Culture) + t.Thousands
        : v.ToString("0", t.Culture);
}
