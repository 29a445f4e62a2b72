using System.Globalization;
using Retain.Analytics.Backtesting;
using Spectre.Console;

namespace Retain.Server.Cli;

/// <summary>The back-test as terminal tables (Spectre.Console).</summary>
internal static class BacktestConsole
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Render(BacktestResult r, string source, TimeSpan elapsed, IAnsiConsole? console = null)
    {
        var c = console ?? AnsiConsole.Console;
        var p = r.Period;
        c.Write(new Rule($"[bold]Back-test[/] cutoff {p.Cutoff:yyyy-MM-dd}, holdout {p.HoldoutDays} days").LeftJustified());
        c.WriteLine(string.Create(C, $"{source}: calibration {p.Start:yyyy-MM-dd} – {p.Cutoff.AddDays(-1):yyyy-MM-dd}, holdout {p.Cutoff:yyyy-MM-dd} – {p.HoldoutEnd.AddDays(-1):yyyy-MM-dd}"));
        c.WriteLine(string.Create(C, $"{p.Customers:N0} customers ({p.Repeaters:N0} repeaters), {p.CalibrationRepeatPurchases:N0} repeat purchases in calibration, {p.HoldoutPurchases:N0} in the holdout"));

        var holdout = new Table().Border(TableBorder.Rounded).Title("Holdout purchases").AddColumn("Model");
        foreach (var h in new[] { "Predicted", "Actual", "Error", "MAE", "RMSE", "Log-likelihood" })
            holdout.AddColumn(new TableColumn(h).RightAligned());
        foreach (var m in r.PurchaseModels)
        {
            holdout.AddRow(Markup.Escape(m.Name), m.PredictedHoldout.ToString("N1", C), m.ActualHoldout.ToString("N0", C),
                ((m.PredictedHoldout - m.ActualHoldout) / Math.Max(m.ActualHoldout, 1)).ToString("+0.0%;−0.0%", C),
                m.MeanAbsoluteError.ToString("0.0000", C), m.RootMeanSquaredError.ToString("0.0000", C), m.LogLikelihood.ToString("N2", C));
        }
        c.Write(holdout);

        var parameters = new Table().Border(TableBorder.Simple).Title("Parameters (± standard error)").AddColumn("Model").AddColumn("Estimates");
        foreach (var m in r.PurchaseModels)
            parameters.AddRow(Markup.Escape(m.Name), Markup.Escape(Estimates(m.Parameters) + (m.Warning is null ? "" : $" ({m.Warning})")));
        if (r.Spend is { } s)
            parameters.AddRow("Gamma-Gamma", Markup.Escape(Estimates(s.Parameters)));
        c.Write(parameters);
        c.WriteLine(r.Spend is { } spend
            ? string.Create(C, $"Spend per purchase in the holdout ({spend.HoldoutCustomers:N0} buyers): predicted {spend.MeanPredictedSpend:N2}, actual {spend.MeanActualSpend:N2}, MAE {spend.MeanAbsoluteError:N2} {p.Currency}")
            : $"No spend model: {r.SpendError}");

        var groups = new Table().Border(TableBorder.Simple).Title("Mean holdout purchases by calibration frequency")
            .AddColumn("x").AddColumn(new TableColumn("Customers").RightAligned()).AddColumn(new TableColumn("Actual").RightAligned());
        foreach (var m in r.PurchaseModels)
            groups.AddColumn(new TableColumn(Markup.Escape(m.Name)).RightAligned());
        foreach (var g in r.ConditionalExpectations)
            groups.AddRow([g.Frequency, g.Customers.ToString("N0", C), g.ActualMean.ToString("0.000", C), .. g.PredictedMeans.Select(v => v.ToString("0.000", C))]);
        c.Write(groups);

        if (r.Churn is { } churn)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"Churn = no purchase in the holdout ({churn.TrainingSnapshots} training snapshots)")
                .AddColumn("Score").AddColumn(new TableColumn("Customers").RightAligned()).AddColumn(new TableColumn("Churn rate").RightAligned())
                .AddColumn(new TableColumn("ROC AUC").RightAligned()).AddColumn(new TableColumn("PR AUC").RightAligned())
                .AddColumn(new TableColumn("Brier").RightAligned()).AddColumn(new TableColumn("Log loss").RightAligned());
            foreach (var (name, m) in new[] { ("Churn model", churn.Model), ("BG/NBD P(no purchase)", churn.Baseline) })
            {
                table.AddRow(Markup.Escape(name), m.Count.ToString("N0", C), m.BaseRate.ToString("0.0000", C), m.RocAuc.ToString("0.0000", C),
                    m.AveragePrecision.ToString("0.0000", C), m.Brier.ToString("0.0000", C), m.LogLoss.ToString("0.0000", C));
            }
            c.Write(table);
        }
        else
        {
            c.WriteLine($"Churn model not back-tested: {r.ChurnError}");
        }
        c.WriteLine(string.Create(C, $"done in {elapsed.TotalSeconds:0.00} s"));
    }

    private static string Estimates(IReadOnlyList<ParameterEstimate> parameters) =>
        string.Join("  ", parameters.Select(e => string.Create(C, $"{e.Name} {e.Value:G5} ± {e.StandardError:G3}")));
}
