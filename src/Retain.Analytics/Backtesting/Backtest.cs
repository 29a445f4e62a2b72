using Retain.Analytics.Churn;
using Retain.Analytics.Clv;
using Retain.Analytics.Data;

namespace Retain.Analytics.Backtesting;

/// <summary>What to back-test: where calibration ends and how long the holdout is.</summary>
/// <param name="Cutoff">First day of the holdout; calibration is everything before it.</param>
/// <param name="HoldoutDays">Length of the holdout, which is also the churn window (churned = no order in it).</param>
public sealed record BacktestOptions(DateOnly Cutoff, int HoldoutDays)
{
    public DateOnly HoldoutEnd => Cutoff.AddDays(HoldoutDays);

    /// <summary>How the churn model trains; its window is set to the holdout.</summary>
    public ChurnOptions Churn { get; init; } = new();

    /// <summary>The default split: the holdout is the last <paramref name="holdoutDays"/> days of the data, up to and
    /// including the day of the last order.</summary>
    public static BacktestOptions LastDays(ShopData data, int holdoutDays)
    {
        if (data.Orders.Length == 0)
            throw new ArgumentException("the shop has no orders: there is nothing to back-test");
        var end = DateOnly.FromDateTime(data.Orders[^1].PlacedAt).AddDays(1);
        return new BacktestOptions(end.AddDays(-holdoutDays), holdoutDays);
    }
}

/// <summary>
/// Fits BG/NBD, Pareto/NBD, Gamma-Gamma and the churn model on the calibration period only and measures them on the
/// holdout: the figures behind <c>retain backtest</c>. Pure: a <see cref="ShopData"/> in, a <see cref="BacktestResult"/> out.
/// </summary>
public static class Backtest
{
    public const double DaysPerWeek = 7;

    /// <exception cref="ArgumentException">The split does not fit the data (no customers before the cutoff, a holdout
    /// that ends after the last order, a non-positive holdout).</exception>
    public static BacktestResult Run(ShopData data, BacktestOptions options, CancellationToken cancellationToken = default)
    {
        if (options.HoldoutDays < 1)
            throw new ArgumentException("the holdout must be at least one day long");
        if (data.Orders.Length == 0)
            throw new ArgumentException("the shop has no orders: there is nothing to back-test");
        var lastDay = DateOnly.FromDateTime(data.Orders[^1].PlacedAt);
        if (options.HoldoutEnd > lastDay.AddDays(1))
            throw new ArgumentException($"the holdout {options.Cutoff:yyyy-MM-dd}..{options.HoldoutEnd.AddDays(-1):yyyy-MM-dd} ends after the last order ({lastDay:yyyy-MM-dd}): its outcome is not known yet");
        var d = BacktestData.Build(data, options.Cutoff, options.HoldoutEnd);
        if (d.Summaries.Length == 0)
            throw new ArgumentException($"no customer ordered before the cutoff {options.Cutoff:yyyy-MM-dd}");
        if (d.Summaries.All(s => s.T == 0))
            throw new ArgumentException($"every customer's first order is on the last calibration day before {options.Cutoff:yyyy-MM-dd}: there is no history to fit");
        var horizon = options.HoldoutDays / DaysPerWeek;

        cancellationToken.ThrowIfCancellationRequested();
        var bgnbd = BgNbdModel.Fit(d.Summaries);
        cancellationToken.ThrowIfCancellationRequested();
        var pareto = ParetoNbdModel.Fit(d.Summaries);
        PurchaseModel[] models = [bgnbd, pareto];
        var predicted = models.Select(m => Predict(m, d.Summaries, horizon)).ToArray();
        var actualTotal = d.HoldoutPurchases.Sum(h => (long)h);
        var purchaseModels = new[]
        {
            Purchase("BG/NBD", ["r", "alpha", "a", "b"], bgnbd, predicted[0], d.HoldoutPurchases, actualTotal),
            Purchase("Pareto/NBD", ["r", "alpha", "s", "beta"], pareto, predicted[1], d.HoldoutPurchases, actualTotal),
        };

        var (spend, spendError) = Spend(d);
        var period = new BacktestPeriod(DateOnly.FromDayNumber(d.StartDay), options.Cutoff, options.HoldoutEnd, options.HoldoutDays,
            d.Summaries.Length, d.Summaries.Count(s => s.X > 0), d.Summaries.Sum(s => (long)s.X), actualTotal, data.Currency);

        cancellationToken.ThrowIfCancellationRequested();
        var (churn, churnError) = BacktestChurn.Run(data, d, options, bgnbd, horizon);
        return new BacktestResult(period, purchaseModels, spend, spendError, Tracking(d, models),
            ConditionalExpectations(d, predicted), churn, churnError);
    }

    private static double[] Predict(PurchaseModel model, CustomerSummary[] summaries, double horizon)
    {
        var result = new double[summaries.Length];
        Parallel.For(0, summaries.Length, i => result[i] = model.ExpectedPurchases(summaries[i], horizon));
        return result;
    }

    private static PurchaseModelBacktest Purchase(string name, string[] names, PurchaseModel model, double[] predicted, int[] actual, long actualTotal)
    {
        double absolute = 0, squared = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            var e = predicted[i] - actual[i];
            absolute += Math.Abs(e);
            squared += e * e;
        }
        var diagnostics = model.Diagnostics!;
        return new PurchaseModelBacktest(name, Estimates(names, model.ParameterValues, diagnostics), diagnostics.LogLikelihood,
            diagnostics.Converged, diagnostics.Iterations, diagnostics.Warning, predicted.Sum(), actualTotal,
            absolute / predicted.Length, Math.Sqrt(squared / predicted.Length));
    }

    private static ParameterEstimate[] Estimates(string[] names, IReadOnlyList<double> values, FitDiagnostics diagnostics) =>
        [.. names.Select((n, i) => new ParameterEstimate(n, values[i], diagnostics.StandardErrors[i]))];

    /// <summary>Gamma-Gamma on the repeaters with a positive mean repeat value; null with the reason when it cannot fit.</summary>
    private static (SpendModelBacktest?, string?) Spend(BacktestData d)
    {
        var repeaters = d.Summaries.Where(s => s.X > 0 && s.MeanRepeatValue > 0).ToArray();
        if (repeaters.Length < 2)
            return (null, "fewer than two customers with a repeat purchase of positive value before the cutoff");
        GammaGammaModel model;
        try
        {
            model = GammaGammaModel.Fit(repeaters);
        }
        catch (ArgumentException ex)
        {
            return (null, ex.Message);
        }
        double predictedSum = 0, actualSum = 0, absolute = 0;
        var count = 0;
        for (var i = 0; i < d.Summaries.Length; i++)
        {
            if (d.HoldoutPurchases[i] == 0)
                continue;
            var summary = d.Summaries[i].MeanRepeatValue > 0 ? d.Summaries[i] : d.Summaries[i] with { X = 0, Tx = 0 };
            var predicted = model.ConditionalExpectedAverageSpend(summary);
            var actual = d.HoldoutSpend[i] / d.HoldoutPurchases[i];
            predictedSum += predicted;
            actualSum += actual;
            absolute += Math.Abs(predicted - actual);
            count++;
        }
        var diagnostics = model.Diagnostics!;
        return (new SpendModelBacktest(Estimates(["p", "q", "gamma"], model.Parameters.ToArray(), diagnostics), diagnostics.LogLikelihood,
            diagnostics.Converged, repeaters.Length, model.PopulationMeanSpend, count,
            count == 0 ? double.NaN : predictedSum / count, count == 0 ? double.NaN : actualSum / count,
            count == 0 ? double.NaN : absolute / count), null);
    }

    /// <summary>
    /// Cumulative repeat purchases at the end of each week since the first order: actual, and Σ over customers of the
    /// model's E[X(age)] for a customer who first bought that many weeks before (customers grouped by first day).
    /// </summary>
    private static TrackingPoint[] Tracking(BacktestData d, PurchaseModel[] models)
    {
        var byFirstDay = d.FirstDays.GroupBy(f => f - d.StartDay).Select(g => (Offset: g.Key, Count: g.Count())).ToArray();
        var result = new TrackingPoint[d.RepeatsPerWeek.Length];
        long actual = 0;
        for (var k = 0; k < result.Length; k++)
        {
            actual += d.RepeatsPerWeek[k];
            var endDay = 7 * (k + 1);
            var expected = new double[models.Length];
            for (var m = 0; m < models.Length; m++)
            {
                double sum = 0;
                foreach (var (offset, count) in byFirstDay)
                {
                    if (offset < endDay)
                        sum += count * models[m].ExpectedPurchasesNewCustomer((endDay - offset - 1) / DaysPerWeek);
                }
                expected[m] = sum;
            }
            result[k] = new TrackingPoint(k + 1, DateOnly.FromDayNumber(d.StartDay + endDay - 1), actual, expected);
        }
        return result;
    }

    private static FrequencyGroup[] ConditionalExpectations(BacktestData d, double[][] predicted)
    {
        const int open = 7;
        var result = new FrequencyGroup[open + 1];
        for (var g = 0; g <= open; g++)
        {
            var members = Enumerable.Range(0, d.Summaries.Length).Where(i => Math.Min(d.Summaries[i].X, open) == g).ToArray();
            var n = members.Length;
            result[g] = new FrequencyGroup(g == open ? $"{open}+" : g.ToString(System.Globalization.CultureInfo.InvariantCulture), n,
                n == 0 ? double.NaN : members.Average(i => (double)d.HoldoutPurchases[i]),
                [.. predicted.Select(p => n == 0 ? double.NaN : members.Average(i => p[i]))]);
        }
        return result;
    }
}
