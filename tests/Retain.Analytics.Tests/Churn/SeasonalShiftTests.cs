using Retain.Analytics.Churn;

namespace Retain.Analytics.Tests.Churn;

public sealed class SeasonalShiftTests
{
    private static readonly DateTime Start = new(2021, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime AsOf = new(2023, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly ChurnOptions Small = new() { Trees = 60, MinimumLeafSize = 20 };

    /// <summary>A gift shop: every customer buys four times as often from September to November as in the rest of the year.</summary>
    private static ChurnHistory SeasonalShop()
    {
        var rng = new Random(5);
        var lines = new List<ChurnTransaction>();
        var end = Start.AddDays(730);
        for (var c = 0; c < 800; c++)
        {
            var id = $"c{c:000}";
            var t = Start.AddDays(rng.NextDouble() * 500);
            var peak = 0.01 + rng.NextDouble() * 0.05;
            var death = t.AddDays(-Math.Log(1 - rng.NextDouble()) * 400);
            var k = 0;
            lines.Add(new ChurnTransaction(id, $"{id}-{k++}", t, 50, "p"));
            // Thinning: candidates at the peak rate, kept with probability rate(t) / peak.
            while ((t = t.AddDays(-Math.Log(1 - rng.NextDouble()) / peak)) < end && t < death)
            {
                if (t.Month is 9 or 10 or 11 || rng.NextDouble() < 0.25)
                    lines.Add(new ChurnTransaction(id, $"{id}-{k++}", t, 50, "p"));
            }
        }
        return ChurnHistory.Create(lines);
    }

    [Fact]
    public void SeasonalShift_LowersChurnBeforeTheBusySeason()
    {
        var history = SeasonalShop();
        var snapshot = ChurnFeatures.Build(history, AsOf, Small.Window);
        var labels = ChurnFeatures.Labels(history, snapshot);
        var adjusted = ChurnModel.Train(history, AsOf, Small);
        var pooled = ChurnModel.Train(history, AsOf, Small with { SeasonalAdjustment = false });

        // The snapshot a year earlier saw the busy season come: fewer churned than the pooled snapshots taught.
        Assert.True(adjusted.SeasonalShift < 0);
        Assert.Equal(0, pooled.SeasonalShift);
        var withShift = ClassifierReport.Of([.. adjusted.Predict(snapshot, 0).Select(p => p.Probability)], labels);
        var without = ClassifierReport.Of([.. pooled.Predict(snapshot, 0).Select(p => p.Probability)], labels);
        Assert.True(withShift.Brier < without.Brier, $"Brier with the shift {withShift.Brier:F4}, without {without.Brier:F4}");
    }
}
