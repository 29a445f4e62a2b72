using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Retain.Analytics.Backtesting;
using Retain.Analytics.Churn;
using Retain.Analytics.Clv;
using Retain.Analytics.Data;

namespace Retain.Analytics.Scoring;

/// <summary>How customers are scored.</summary>
public sealed record ScoringOptions
{
    /// <summary>Horizon of expected purchases, P(no purchase) and the churn window.</summary>
    public int HorizonDays { get; init; } = 90;

    /// <summary>Monte Carlo draws per customer for the intervals (fewer than an interactive prediction: millions of customers).</summary>
    public int Draws { get; init; } = 100;

    /// <summary>The churn model trains on at most about this many customers (a deterministic 1-in-k sample); all are scored.</summary>
    public int ChurnTrainingCustomers { get; init; } = 50_000;

    /// <summary>Top reasons kept per customer.</summary>
    public int Reasons { get; init; } = 3;
}

/// <summary>One customer's scores: index into <see cref="ShopData.Customers"/>, the purchase-model predictions and the churn score.</summary>
public sealed record ScoredCustomer(int Customer, CustomerPrediction Prediction, double ChurnProbability, IReadOnlyList<ChurnReason> Reasons);

/// <param name="ModelVersion">Model kinds + a hash of the fitted parameters + the data cutoff.</param>
/// <param name="ChurnSource">"churn-model", or "bgnbd" when the shop is too young to train the churn model.</param>
/// <param name="Cutoff">Predictions look forward from this day; every order before it was used.</param>
public sealed record ScoringResult(string ModelVersion, string ChurnSource, DateOnly Cutoff, IReadOnlyList<ScoredCustomer> Customers);

/// <summary>
/// Scores every customer with an order: BG/NBD (P(alive), purchases and P(no purchase) in the horizon, next order),
/// Gamma-Gamma (12-month CLV), each with an interval, and the churn model's calibrated probability with reasons.
/// </summary>
public static class CustomerScorer
{
    public static ScoringResult Score(ShopData data, ScoringOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScoringOptions();
        if (data.Orders.Length == 0)
            throw new ArgumentException("the shop has no orders: there is nothing to score");
        var cutoff = DateOnly.FromDateTime(data.Orders[^1].PlacedAt).AddDays(1);
        var d = BacktestData.Build(data, cutoff, cutoff);
        var horizon = options.HorizonDays / Backtest.DaysPerWeek;

        var purchases = BgNbdModel.Fit(d.Summaries);
        // A young or tiny shop may leave a parameter unidentified: the weak prior gives honest, wide answers instead.
        if (purchases.Diagnostics?.Warning is not null)
            purchases = BgNbdModel.Fit(d.Summaries, new ClvFitOptions { Prior = ClvPrior.Weak });
        var spend = TryFitSpend(d.Summaries);
        var predictor = new ClvPredictor(purchases, spend, new PredictionOptions { Horizon = horizon, Draws = options.Draws });
        cancellationToken.ThrowIfCancellationRequested();

        var (churn, churnModel) = Churn(data, cutoff, options, cancellationToken);
        var row = new int[data.Customers.Count];
        Array.Fill(row, -1);
        for (var i = 0; i < d.Customers.Length; i++)
            row[d.Customers[i]] = i;

        var scored = new ScoredCustomer[d.Customers.Length];
        Parallel.For(0, scored.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var prediction = predictor.Predict(d.Summaries[i]);
            var c = d.Customers[i];
            scored[i] = churn is not null && churn.TryGetValue(c, out var p)
                ? new ScoredCustomer(c, prediction, p.Probability, p.Reasons)
                : new ScoredCustomer(c, prediction, prediction.ProbabilityNoPurchase.Value, []);
        });
        var source = churnModel is null ? "bgnbd" : "churn-model";
        return new ScoringResult(Version(purchases, spend, churnModel, cutoff), source, cutoff, scored);
    }

    private static GammaGammaModel? TryFitSpend(CustomerSummary[] summaries)
    {
        var repeaters = summaries.Where(s => s.X > 0 && s.MeanRepeatValue > 0).ToArray();
        if (repeaters.Length < 2)
            return null;
        try
        {
            var model = GammaGammaModel.Fit(repeaters);
            // Without a finite population mean (q ≤ 1) the spend model predicts no usable value.
            return double.IsFinite(model.PopulationMeanSpend) ? model : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Churn predictions by customer index, or null (and the BG/NBD fallback) when the history is too short.</summary>
    private static (Dictionary<int, ChurnPrediction>?, ChurnModel?) Churn(ShopData data, DateOnly cutoff, ScoringOptions options, CancellationToken cancellationToken)
    {
        var asOf = cutoff.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var churnOptions = new ChurnOptions { Window = TimeSpan.FromDays(options.HorizonDays) };
        var stride = Math.Max(1, data.Customers.Count / Math.Max(1, options.ChurnTrainingCustomers));
        ChurnModel model;
        try
        {
            model = ChurnModel.Train(BacktestChurn.History(data, c => c % stride == 0), asOf, churnOptions);
        }
        catch (ArgumentException)
        {
            return (null, null);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var index = new Dictionary<string, int>(data.Customers.Count, StringComparer.Ordinal);
        for (var i = 0; i < data.Customers.Count; i++)
            index[data.Customers[i].ExternalId] = i;
        var predictions = model.Predict(BacktestChurn.History(data), asOf, options.Reasons);
        return (predictions.ToDictionary(p => index[p.CustomerId]), model);
    }

    private static string Version(PurchaseModel purchases, GammaGammaModel? spend, ChurnModel? churn, DateOnly cutoff)
    {
        var text = new StringBuilder();
        foreach (var v in purchases.ParameterValues)
            text.Append(CultureInfo.InvariantCulture, $"{v:R};");
        foreach (var v in spend?.Parameters.ToArray() ?? [])
            text.Append(CultureInfo.InvariantCulture, $"{v:R};");
        if (churn is not null)
            text.Append(CultureInfo.InvariantCulture, $"{churn.Calibration.A:R};{churn.Calibration.B:R};{churn.SeasonalShift:R};{churn.TrainingSnapshots.Count};{churn.Options.Seed}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
        var kinds = "bgnbd" + (spend is null ? "" : "+gg") + (churn is null ? "" : "+lgbm");
        return $"{kinds}/{hash}/{cutoff:yyyy-MM-dd}";
    }
}
