using System.Globalization;
using Retain.Analytics.Churn;
using Retain.Analytics.Clv;
using Retain.Analytics.Data;

namespace Retain.Analytics.Backtesting;

/// <summary>
/// The churn half of a back-test: the model trains out of time at the cutoff (only snapshots whose label window
/// closed before it), predicts churn in the holdout, and is compared with the BG/NBD P(no purchase in the holdout)
/// of the calibration fit on the same customers.
/// </summary>
internal static class BacktestChurn
{
    public static (ChurnBacktest?, string?) Run(ShopData data, BacktestData d, BacktestOptions options, PurchaseModel bgnbd, double horizon)
    {
        var history = History(data);
        var cutoff = options.Cutoff.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var churnOptions = options.Churn with { Window = TimeSpan.FromDays(options.HoldoutDays) };
        ChurnModel model;
        try
        {
            model = ChurnModel.Train(history, cutoff, churnOptions);
        }
        catch (ArgumentException ex)
        {
            return (null, ex.Message);
        }
        var snapshot = ChurnFeatures.Build(history, cutoff, churnOptions.Window);
        var probabilities = model.Predict(snapshot, reasons: 0).Select(p => p.Probability).ToArray();

        // Churned = no purchase day in the holdout; counted by the back-test's own pass, which also lets the last
        // holdout day be the day of the last order.
        var row = new Dictionary<string, int>(d.Customers.Length, StringComparer.Ordinal);
        for (var i = 0; i < d.Customers.Length; i++)
            row[data.Customers[d.Customers[i]].ExternalId] = i;
        var rows = snapshot.CustomerIds.Select(id => row[id]).ToArray();
        var labels = rows.Select(i => d.HoldoutPurchases[i] == 0).ToArray();
        var baseline = rows.Select(i => bgnbd.ProbabilityNoPurchase(d.Summaries[i], horizon)).ToArray();

        return (new ChurnBacktest(model.TrainingSnapshots.Count, model.SeasonalShift,
            ClassifierReport.Of(probabilities, labels), ClassifierReport.Of(baseline, labels),
            ClassifierCurves.Quantiles(probabilities, labels), ClassifierCurves.Quantiles(baseline, labels),
            ClassifierCurves.Roc(probabilities, labels), ClassifierCurves.Roc(baseline, labels),
            ClassifierCurves.PrecisionRecall(probabilities, labels), ClassifierCurves.PrecisionRecall(baseline, labels)), null);
    }

    /// <summary>Each order as one line (the shop data carries order totals, not products); optionally only the
    /// customers <paramref name="include"/> accepts (by index).</summary>
    internal static ChurnHistory History(ShopData data, Func<int, bool>? include = null)
    {
        var lines = new List<ChurnTransaction>(data.Orders.Length);
        for (var i = 0; i < data.Orders.Length; i++)
        {
            var o = data.Orders[i];
            if (!o.IsGuest && (include is null || include(o.Customer)))
                lines.Add(new ChurnTransaction(data.Customers[o.Customer].ExternalId, i.ToString(CultureInfo.InvariantCulture), o.PlacedAt, (double)o.Revenue));
        }
        var refunds = data.Refunds.Where(r => r.Customer >= 0 && (include is null || include(r.Customer)))
            .Select(r => new ChurnRefund(data.Customers[r.Customer].ExternalId, r.RefundedAt, (double)r.Amount));
        var countries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in data.Customers)
        {
            if (c.Country is { } country)
                countries[c.ExternalId] = country;
        }
        return ChurnHistory.Create(lines, refunds, countries.Count > 0 ? countries : null);
    }
}
