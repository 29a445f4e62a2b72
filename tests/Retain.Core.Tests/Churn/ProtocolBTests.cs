using System.Diagnostics;
using System.Globalization;
using Retain.Analytics.Churn;
using Retain.Testing;

namespace Retain.Core.Tests.Churn;

/// <summary>
/// EVALUATION.md §4, protocol B: churn = no invoice in [T, T + 90 days) on Online Retail II cleaned as §3, scored at
/// T = 2011-09-01 by a model that saw nothing from T on. The peers' figures are the ones to beat.
/// </summary>
public sealed class ProtocolBTests
{
    private static readonly DateTime Evaluation = new(2011, 9, 1);
    private static readonly TimeSpan Window = TimeSpan.FromDays(90);
    private static readonly Lazy<ChurnHistory> Data = new(() =>
        OnlineRetailChurnData.Load(Datasets.OnlineRetailII, CancellationToken.None));

    // Best peer at T = 2011-09-01: BG/NBD (lifetimes) P(no purchase in 90 days), no labels used.
    private const double PeerRocAuc = 0.7985, PeerAveragePrecision = 0.8186, PeerBrier = 0.1845, PeerLogLoss = 0.5488;

    private static ChurnHistory History()
    {
        _ = Datasets.OnlineRetailII; // skips (or fails under RETAIN_REQUIRE_ALL) without the dataset
        return Data.Value;
    }

    [Theory]
    [InlineData("2011-09-01", 5_224, 0.5720)]
    [InlineData("2011-06-01", 4_908, 0.6705)]
    public void Population_AndChurnRate_MatchTheProtocol(string snapshot, int customers, double churnRate)
    {
        var history = History();
        var s = ChurnFeatures.Build(history, DateTime.Parse(snapshot, CultureInfo.InvariantCulture), Window);
        var labels = ChurnFeatures.Labels(history, s);
        Assert.Equal(customers, s.Count);
        Assert.Equal(churnRate, labels.Count(l => l) / (double)labels.Length, 4);
    }

    [Fact]
    public void PurchaseModelBaseline_ReproducesThePeer()
    {
        var history = History();
        var s = ChurnFeatures.Build(history, Evaluation, Window);
        var r = ClassifierReport.Of(ChurnBaseline.ProbabilityNoPurchase(history, s), ChurnFeatures.Labels(history, s));
        Report("BG/NBD P(no purchase in 90 days), ours", r);
        // Ours vs lifetimes: AUC and AP agree to 4 places; Brier .1847 vs .1845 and log loss .5494 vs .5488 (summaries
        // measured to the snapshot day, in weeks; lifetimes' exact observation-period convention is not documented).
        Assert.Equal(PeerRocAuc, r.RocAuc, 4);
        Assert.Equal(PeerAveragePrecision, r.AveragePrecision, 4);
        Assert.Equal(0.1847, r.Brier, 4);
        Assert.Equal(0.5494, r.LogLoss, 4);
    }

    [Fact]
    public void ChurnModel_BeatsTheBestPeerOutOfTime()
    {
        var history = History();
        var clock = Stopwatch.StartNew();
        var model = ChurnModel.Train(history, Evaluation);
        var predictions = model.Predict(history, Evaluation);
        clock.Stop();

        // Trained only on snapshots whose label window closed by T; nothing at or after T is read.
        Assert.All(model.TrainingSnapshots, t => Assert.True(t + Window <= Evaluation));
        var snapshot = ChurnFeatures.Build(history, Evaluation, Window);
        Assert.Equal(snapshot.CustomerIds, predictions.Select(p => p.CustomerId));
        var r = ClassifierReport.Of([.. predictions.Select(p => p.Probability)], ChurnFeatures.Labels(history, snapshot));
        Report($"Retain churn model ({model.TrainingSnapshots.Count} snapshots, shift {model.SeasonalShift:F3}, {clock.Elapsed.TotalSeconds:F1} s)", r);

        // Measured (deterministic: one LightGBM thread, fixed seed). They move in the 4th decimal when the BG/NBD fit
        // behind the purchase-model features changes (re-measured after the CLV warm start and Hessian changes).
        Assert.Equal(0.8044, r.RocAuc, 4);
        Assert.Equal(0.8273, r.AveragePrecision, 4);
        Assert.Equal(0.1784, r.Brier, 4);
        Assert.Equal(0.5317, r.LogLoss, 4);
        Assert.True(r.RocAuc > PeerRocAuc && r.AveragePrecision > PeerAveragePrecision);
        Assert.True(r.Brier < PeerBrier && r.LogLoss < PeerLogLoss);

        // Up to 3 reasons each; a customer likely to churn always has at least one (a loyal one may have none).
        Assert.All(predictions, p => Assert.InRange(p.Reasons.Count, p.Probability > 0.5 ? 1 : 0, 3));
        var riskiest = predictions.MaxBy(p => p.Probability)!;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"e.g. {riskiest.CustomerId} {riskiest.Probability:F3}: {string.Join("; ", riskiest.Reasons.Select(x => x.Text))}"));
    }

    private static void Report(string what, ClassifierReport r) =>
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: n={r.Count} churn rate={r.BaseRate:F4} ROC AUC={r.RocAuc:F4} PR AUC={r.AveragePrecision:F4} Brier={r.Brier:F4} log loss={r.LogLoss:F4}"));
}
