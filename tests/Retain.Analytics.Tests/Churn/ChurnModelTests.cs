using Retain.Analytics.Churn;

namespace Retain.Analytics.Tests.Churn;

public sealed class ChurnModelTests
{
    private static readonly DateTime Start = new(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime AsOf = Start.AddMonths(18);
    private static readonly ChurnOptions Small = new() { Trees = 60, MinimumLeafSize = 20 };

    /// <summary>
    /// A shop of 600 customers who arrive over the first year, buy at their own Poisson rate and stop for good at an
    /// exponential lifetime: churn is predictable from recency and frequency, as in the purchase models.
    /// </summary>
    private static ChurnHistory SyntheticShop()
    {
        var rng = new Random(11);
        var lines = new List<ChurnTransaction>();
        for (var c = 0; c < 600; c++)
        {
            var id = $"c{c:000}";
            var t = Start.AddDays(rng.NextDouble() * 365);
            var rate = 0.005 + rng.NextDouble() * 0.08;  // orders a day
            var end = t.AddDays(-Math.Log(1 - rng.NextDouble()) * 300);
            for (var k = 0; t < end && t < Start.AddDays(730); k++)
            {
                lines.Add(new ChurnTransaction(id, $"{id}-{k}", t, 10 + rng.Next(90), $"p{rng.Next(30)}"));
                t = t.AddDays(-Math.Log(1 - rng.NextDouble()) / rate);
            }
        }
        return ChurnHistory.Create(lines);
    }

    [Fact]
    public void Train_UsesOnlySnapshotsWhoseWindowHasClosed()
    {
        var history = SyntheticShop();
        var times = ChurnModel.TrainingTimes(history, AsOf, Small);
        Assert.All(times, t => Assert.True(t + Small.Window <= AsOf));
        // Monthly, from the latest closed window back to the first snapshot with enough history.
        Assert.Equal(AsOf.AddMonths(-3), times[0]);
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.True(times[^1] - history.Start >= Small.MinimumHistory);
        Assert.True(times[^1].AddMonths(-1) - history.Start < Small.MinimumHistory);
    }

    [Fact]
    public void Train_RanksOutOfTimeAndIsReproducible()
    {
        var history = SyntheticShop();
        var model = ChurnModel.Train(history, AsOf, Small);
        var snapshot = ChurnFeatures.Build(history, AsOf, Small.Window);
        var predictions = model.Predict(snapshot);
        var labels = ChurnFeatures.Labels(history, snapshot);
        var p = predictions.Select(x => x.Probability).ToArray();

        var report = ClassifierReport.Of(p, labels);
        Assert.InRange(report.RocAuc, 0.75, 1);
        Assert.InRange(report.Brier, 0, 0.2);
        Assert.All(p, x => Assert.InRange(x, 0, 1));

        var again = ChurnModel.Train(history, AsOf, Small).Predict(snapshot).Select(x => x.Probability);
        Assert.Equal(p, again);
    }

    [Fact]
    public void Predict_ExplainsTheScoreInWords()
    {
        var history = SyntheticShop();
        var model = ChurnModel.Train(history, AsOf, Small);
        var predictions = model.Predict(history, AsOf, reasons: 2);
        var risky = predictions.OrderByDescending(x => x.Probability).First();
        Assert.InRange(risky.Reasons.Count, 1, 2);
        Assert.All(risky.Reasons, r => Assert.True(r.Contribution > 0));
        Assert.All(risky.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
        Assert.Contains(predictions.SelectMany(x => x.Reasons), r => r.Text.StartsWith("no order for ", StringComparison.Ordinal));
    }

    [Fact]
    public void Train_RefusesTooShortAHistory()
    {
        var history = SyntheticShop();
        Assert.Throws<ArgumentException>(() => ChurnModel.Train(history, Start.AddMonths(4), Small));
    }

    [Fact]
    public void ReasonText_ComparesRecencyWithTheCustomersOwnCycle()
    {
        var row = new float[ChurnFeatures.Count];
        row[(int)ChurnFeature.RecencyDays] = 143;
        row[(int)ChurnFeature.MeanGapDays] = 47;
        row[(int)ChurnFeature.RecencyOverMeanGap] = 143 / 47f;
        Assert.Equal("no order for 143 days, 3× their usual gap of 47 days",
            ChurnReasons.Describe(ChurnFeature.RecencyDays, row, TimeSpan.FromDays(90)));
    }
}
