using System.Globalization;
using System.Text;
using Retain.Analytics.Backtesting;
using Retain.Analytics.Churn;
using Retain.Core.Reports.Html;
using static Retain.Core.Reports.Html.Svg;

namespace Retain.Core.Predict;

/// <summary>
/// The back-test as one self-contained HTML page: inline CSS and SVG, no scripts, no network. Each chart has its
/// numbers in a table beside it.
/// </summary>
public static class BacktestReportHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    internal static readonly string[] Colors = ["#dc2626", "#2563eb", "#16a34a"];
    private const string ActualColor = "#111827";

    public static string Render(BacktestResult r, string source)
    {
        var p = r.Period;
        var sb = new StringBuilder(128 * 1024);
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append(C, $"<title>Retain back-test · cutoff {p.Cutoff:yyyy-MM-dd}</title><style>{HtmlStyles.Css}</style></head><body><main>");
        sb.Append(C, $"<header><h1>Back-test of the predictions</h1><p class=\"sub\">{E(source)}</p>");
        sb.Append(C, $"<p class=\"sub\">Calibration <b>{p.Start:yyyy-MM-dd} – {p.Cutoff.AddDays(-1):yyyy-MM-dd}</b> · holdout <b>{p.Cutoff:yyyy-MM-dd} – {p.HoldoutEnd.AddDays(-1):yyyy-MM-dd}</b> ({p.HoldoutDays} days) · ");
        sb.Append(C, $"{p.Customers:N0} customers ({p.Repeaters:N0} repeaters) · {p.CalibrationRepeatPurchases:N0} repeat purchases in calibration, {p.HoldoutPurchases:N0} purchases in the holdout · amounts in {E(p.Currency)}</p></header>");
        AppendSections(sb, r);
        sb.Append(HowToRead);
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    /// <summary>The report's sections (tables, SVG charts with their tables) without the page around them: the dashboard's Models page embeds them.</summary>
    public static string RenderSections(BacktestResult r)
    {
        var sb = new StringBuilder(128 * 1024);
        AppendSections(sb, r);
        return sb.ToString();
    }

    private static void AppendSections(StringBuilder sb, BacktestResult r)
    {
        Holdout(sb, r);
        TrackingSection(sb, r);
        FrequencySection(sb, r);
        ParameterSection(sb, r);
        ChurnSection(sb, r);
    }

    private static void Holdout(StringBuilder sb, BacktestResult r)
    {
        sb.Append("<section><h2>Holdout purchases</h2><table><thead><tr><th>Model</th><th>Predicted</th><th>Actual</th><th>Error</th><th>MAE per customer</th><th>RMSE</th></tr></thead><tbody>");
        foreach (var m in r.PurchaseModels)
        {
            var error = m.ActualHoldout == 0 ? double.NaN : (m.PredictedHoldout - m.ActualHoldout) / m.ActualHoldout;
            sb.Append(C, $"<tr><td>{E(m.Name)}</td><td>{m.PredictedHoldout:N1}</td><td>{m.ActualHoldout:N0}</td><td>{error * 100:+0.0;−0.0}%</td><td>{m.MeanAbsoluteError:0.0000}</td><td>{m.RootMeanSquaredError:0.0000}</td></tr>");
        }
        sb.Append("</tbody></table>");
        if (r.Spend is { } s)
            sb.Append(C, $"<p class=\"note\">Spend per purchase in the holdout ({s.HoldoutCustomers:N0} customers who bought): Gamma-Gamma predicted {s.MeanPredictedSpend:N2} on average, actual {s.MeanActualSpend:N2}, mean absolute error {s.MeanAbsoluteError:N2}.</p>");
        else
            sb.Append(C, $"<p class=\"note\">No spend model: {E(r.SpendError ?? "")}</p>");
        sb.Append("</section>");
    }

    private static void TrackingSection(StringBuilder sb, BacktestResult r)
    {
        var cutoffWeek = (r.Period.Cutoff.DayNumber - r.Period.Start.DayNumber) / 7.0;
        List<XySeries> series = [new("Actual", ActualColor, [.. r.Tracking.Select(t => ((double)t.Week, (double)t.Actual))])];
        series.AddRange(r.PurchaseModels.Select((m, i) => new XySeries(m.Name, Colors[i], [.. r.Tracking.Select(t => ((double)t.Week, t.Expected[i]))], Dashed: true)));
        sb.Append("<section><h2>Tracking: cumulative repeat purchases by week</h2><p class=\"note\">Repeat purchase days of the customers acquired before the cutoff, actual against what each model expects from the customers' first-purchase dates alone. Left of the marker the models saw the data; right of it they forecast.</p>");
        sb.Append(XyChart.Render("Cumulative repeat purchases, actual vs models", series, "week since the first order", "repeat purchases",
            v => v.ToString("0", C), v => Compact(v), marker: (cutoffWeek, "cutoff")));
        sb.Append("<details><summary>Tracking as a table</summary><table class=\"num\"><thead><tr><th>Week</th><th>Ends</th><th>Actual</th>");
        foreach (var m in r.PurchaseModels)
            sb.Append(C, $"<th>{E(m.Name)}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var t in r.Tracking)
        {
            sb.Append(C, $"<tr><td>{t.Week}</td><td>{t.End:yyyy-MM-dd}</td><td>{t.Actual:N0}</td>");
            foreach (var e in t.Expected)
                sb.Append(C, $"<td>{e:N1}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></details></section>");
    }

    private static void FrequencySection(StringBuilder sb, BacktestResult r)
    {
        var groups = r.ConditionalExpectations;
        List<XySeries> series = [new("Actual", ActualColor, [.. groups.Select((g, k) => ((double)k, g.ActualMean))], Markers: true)];
        series.AddRange(r.PurchaseModels.Select((m, i) => new XySeries(m.Name, Colors[i], [.. groups.Select((g, k) => ((double)k, g.PredictedMeans[i]))], Dashed: true, Markers: true)));
        sb.Append("<section><h2>Conditional expectations by calibration frequency</h2><p class=\"note\">Mean purchases in the holdout of the customers with x repeat purchases in calibration (last group: 7 or more).</p>");
        sb.Append(XyChart.Render("Holdout purchases by calibration frequency", series, "repeat purchases in calibration (7 = 7+)", "mean holdout purchases",
            v => v.ToString("0.#", C), v => v.ToString("0.##", C), x: (0, groups.Count - 1)));
        sb.Append("<table><thead><tr><th>x</th><th>Customers</th><th>Actual</th>");
        foreach (var m in r.PurchaseModels)
            sb.Append(C, $"<th>{E(m.Name)}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var g in groups)
        {
            sb.Append(C, $"<tr><td>{E(g.Frequency)}</td><td>{g.Customers:N0}</td><td>{g.ActualMean:0.000}</td>");
            foreach (var v in g.PredictedMeans)
                sb.Append(C, $"<td>{v:0.000}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></section>");
    }

    private static void ParameterSection(StringBuilder sb, BacktestResult r)
    {
        sb.Append("<section><h2>Parameters</h2><p class=\"note\">Maximum-likelihood estimates on the calibration period, standard errors from the inverse Hessian (delta method from the log scale); log-likelihoods are full sums, time in weeks.</p><table><thead><tr><th>Model</th><th>Parameter</th><th>Estimate</th><th>Std. error</th><th>Log-likelihood</th><th>Fit</th></tr></thead><tbody>");
        foreach (var m in r.PurchaseModels)
            Rows(sb, m.Name, m.Parameters, m.LogLikelihood, Fit(m.Converged, m.Iterations, m.Warning));
        if (r.Spend is { } s)
            Rows(sb, $"Gamma-Gamma ({s.Customers:N0} repeaters)", s.Parameters, s.LogLikelihood, s.Converged ? "converged" : "not converged");
        sb.Append("</tbody></table></section>");
    }

    private static string Fit(bool converged, int iterations, string? warning) =>
        (converged ? "converged" : "not converged") + string.Create(C, $" in {iterations} iterations") + (warning is null ? "" : " · " + warning);

    private static void Rows(StringBuilder sb, string model, IReadOnlyList<ParameterEstimate> parameters, double ll, string fit)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var head = i == 0 ? $"<td rowspan=\"{parameters.Count}\">{E(model)}</td>" : "";
            var tail = i == 0 ? string.Create(C, $"<td rowspan=\"{parameters.Count}\">{ll:N4}</td><td rowspan=\"{parameters.Count}\">{E(fit)}</td>") : "";
            sb.Append(C, $"<tr>{head}<td>{E(parameters[i].Name)}</td><td>{parameters[i].Value:G6}</td><td>{parameters[i].StandardError:G4}</td>{tail}</tr>");
        }
    }

    private static void ChurnSection(StringBuilder sb, BacktestResult r)
    {
        sb.Append(C, $"<section><h2>Churn: no purchase in the {r.Period.HoldoutDays}-day holdout</h2>");
        if (r.Churn is not { } c)
        {
            sb.Append(C, $"<p class=\"note\">The churn model could not be back-tested: {E(r.ChurnError ?? "")}</p></section>");
            return;
        }
        sb.Append(C, $"<p class=\"note\">The churn model trained out of time on {c.TrainingSnapshots} past snapshots whose label window had closed by the cutoff (seasonal shift {c.SeasonalShift:0.000} in log-odds); the baseline is the BG/NBD probability of no purchase in the holdout from the calibration fit, which uses no labels.</p>");
        sb.Append("<table><thead><tr><th>Score</th><th>Customers</th><th>Churn rate</th><th>ROC AUC</th><th>PR AUC</th><th>Brier</th><th>Log loss</th></tr></thead><tbody>");
        foreach (var (name, m) in new[] { ("Churn model", c.Model), ("BG/NBD P(no purchase)", c.Baseline) })
            sb.Append(C, $"<tr><td>{name}</td><td>{m.Count:N0}</td><td>{m.BaseRate:0.0000}</td><td>{m.RocAuc:0.0000}</td><td>{m.AveragePrecision:0.0000}</td><td>{m.Brier:0.0000}</td><td>{m.LogLoss:0.0000}</td></tr>");
        sb.Append("</tbody></table>");
        static List<(double, double)> Points(IReadOnlyList<CurvePoint> curve) => [.. curve.Select(p => (p.X, p.Y))];
        static List<(double, double)> Groups(IReadOnlyList<CalibrationGroup> groups) => [.. groups.Select(g => (g.MeanPredicted, g.ObservedRate))];
        Func<double, string> share = v => v.ToString("0.00", C);
        sb.Append(XyChart.Render("Calibration by decile of predicted churn", [new("Churn model", Colors[2], Groups(c.ModelCalibration), Markers: true), new("BG/NBD baseline", Colors[0], Groups(c.BaselineCalibration), Dashed: true, Markers: true)],
            "mean predicted probability (decile)", "observed churn rate", share, share, (0, 1), (0, 1), diagonal: true));
        sb.Append(XyChart.Render("ROC curve", [new("Churn model", Colors[2], Points(c.ModelRoc)), new("BG/NBD baseline", Colors[0], Points(c.BaselineRoc), Dashed: true)],
            "false-positive rate", "true-positive rate", share, share, (0, 1), (0, 1), diagonal: true));
        sb.Append(XyChart.Render("Precision-recall curve", [new("Churn model", Colors[2], Points(c.ModelPrecisionRecall)), new("BG/NBD baseline", Colors[0], Points(c.BaselinePrecisionRecall), Dashed: true)],
            "recall", "precision", share, share, (0, 1), (0, 1)));
        sb.Append("<details><summary>Calibration deciles as a table</summary><table><thead><tr><th>Decile</th><th>Customers</th><th>Model predicted</th><th>Observed</th><th>Baseline predicted</th><th>Observed</th></tr></thead><tbody>");
        for (var i = 0; i < Math.Max(c.ModelCalibration.Count, c.BaselineCalibration.Count); i++)
        {
            var m = i < c.ModelCalibration.Count ? c.ModelCalibration[i] : default;
            var b = i < c.BaselineCalibration.Count ? c.BaselineCalibration[i] : default;
            sb.Append(C, $"<tr><td>{i + 1}</td><td>{m.Count:N0}</td><td>{m.MeanPredicted:0.000}</td><td>{m.ObservedRate:0.000}</td><td>{b.MeanPredicted:0.000}</td><td>{b.ObservedRate:0.000}</td></tr>");
        }
        sb.Append("</tbody></table></details></section>");
    }

    private static string Compact(double v) =>
        Math.Abs(v) >= 1e6 ? (v / 1e6).ToString("0.#", C) + "M" : Math.Abs(v) >= 1e3 ? (v / 1e3).ToString("0.#", C) + "k" : v.ToString("0", C);

    private const string HowToRead = """
        <section><h2>How to read this report</h2><dl>
        <dt>Calibration / holdout</dt><dd>Every model saw only orders before the cutoff; the holdout is the test. A purchase is a purchase day: several orders of a customer on one day count once.</dd>
        <dt>Tracking</dt><dd>The models should follow the actual curve left of the cutoff (fit) and keep following it right of it (forecast). A model that falls behind in the holdout under-predicts future purchases.</dd>
        <dt>Conditional expectations</dt><dd>Whether the models get each kind of customer right, from one-time buyers (x = 0) to the most frequent ones.</dd>
        <dt>MAE per customer</dt><dd>Mean absolute difference between a customer's expected and actual holdout purchases: the error of individual predictions, not only of the total.</dd>
        <dt>Churn metrics</dt><dd>ROC AUC: how well the score ranks churners above stayers (0.5 = chance). PR AUC: average precision. Brier and log loss: how close the probabilities are to the outcomes (lower is better); the calibration plot shows the same per decile.</dd>
        </dl><p class="note">Made by Retain. This page is self-contained: no scripts, no external resources.</p></section>
        """;
}
