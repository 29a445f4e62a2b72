using Retain.Analytics.Churn;

namespace Retain.Analytics.Tests.Churn;

public sealed class ChurnFeaturesTests
{
    private static readonly DateTime Day0 = new(2024, 1, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Snapshot = Day0.AddDays(40).Date;

    private static DateTime Day(double d) => Day0.AddDays(d);

    // a: orders on days 0 (two lines), 10, 30 and 50 (after the snapshot); b: one order on day 5; c and d start after it.
    private static ChurnHistory History() => ChurnHistory.Create(
        [
            new("a", "1", Day(0), 10, "x"), new("a", "1", Day(0), 5, "y"), new("a", "2", Day(10), 20, "x"),
            new("a", "3", Day(30), 30, "z"), new("a", "4", Day(50), 40, "w"),
            new("b", "5", Day(5), 100, "x"),
            new("c", "6", Day(45), 7, "x"),
            new("d", "7", Day(100), 1, "x"),
        ],
        [new ChurnRefund("a", Day(12), 6), new ChurnRefund("a", Day(60), 99)],
        new Dictionary<string, string> { ["a"] = "UK", ["b"] = "UK", ["c"] = "PL" });

    [Fact]
    public void Build_CountsOnlyWhatHappenedBeforeTheSnapshot()
    {
        var s = ChurnFeatures.Build(History(), Snapshot, TimeSpan.FromDays(30));
        Assert.Equal(["a", "b"], s.CustomerIds);

        // a at day 40 − 10 h: last order on day 30 at 10:00, first on day 0.
        Assert.Equal(9.583333, s.Value(0, ChurnFeature.RecencyDays), 4);
        Assert.Equal(3, s.Value(0, ChurnFeature.Orders));
        Assert.Equal(65, s.Value(0, ChurnFeature.Monetary));
        Assert.Equal(65 / 3f, s.Value(0, ChurnFeature.MeanOrderValue), 4);
        Assert.Equal(3, s.Value(0, ChurnFeature.DistinctProducts));
        // Day 10 at 10:00 is inside the 30 days before midnight of day 40.
        Assert.Equal(2, s.Value(0, ChurnFeature.OrdersLast30Days));
        Assert.Equal(3, s.Value(0, ChurnFeature.OrdersLast90Days));
        Assert.Equal(15, s.Value(0, ChurnFeature.MeanGapDays));
        Assert.Equal(20, s.Value(0, ChurnFeature.LastGapDays));
        Assert.Equal(9.583333 / 15, s.Value(0, ChurnFeature.RecencyOverMeanGap), 4);
        Assert.Equal(1, s.Value(0, ChurnFeature.Refunds));
        Assert.Equal(6 / 65f, s.Value(0, ChurnFeature.RefundShare), 5);
        Assert.Equal(1, s.Value(0, ChurnFeature.HomeCountry));
        // No history a year before the snapshot, and too short a tenure for a 90-day trend.
        Assert.True(float.IsNaN(s.Value(0, ChurnFeature.OrdersSameWindowLastYear)));
        Assert.True(float.IsNaN(s.Value(0, ChurnFeature.RecentTrend)));

        // b: one order, so no gaps.
        Assert.Equal(1, s.Value(1, ChurnFeature.Orders));
        Assert.True(float.IsNaN(s.Value(1, ChurnFeature.MeanGapDays)));
    }

    [Fact]
    public void Labels_AreNoOrderInTheWindow()
    {
        var h = History();
        var s = ChurnFeatures.Build(h, Snapshot, TimeSpan.FromDays(30));
        // a orders again on day 50 (inside [40, 70)); b never does.
        Assert.Equal([false, true], ChurnFeatures.Labels(h, s));
        var shorter = ChurnFeatures.Build(h, Snapshot, TimeSpan.FromDays(5));
        Assert.Equal([true, true], ChurnFeatures.Labels(h, shorter));
    }

    [Fact]
    public void Labels_RefuseAWindowThatHasNotClosed()
    {
        var h = History();
        var s = ChurnFeatures.Build(h, Snapshot, TimeSpan.FromDays(90));
        Assert.Throws<ArgumentException>(() => ChurnFeatures.Labels(h, s));
    }

    [Fact]
    public void PurchaseSummaries_AreRepeatDaysInWeeks()
    {
        var h = History();
        var s = ChurnFeatures.Build(h, Snapshot, TimeSpan.FromDays(30));
        var summaries = ChurnFeatures.PurchaseSummaries(h, s);
        Assert.Equal(2, summaries[0].X);
        Assert.Equal(30 / 7.0, summaries[0].Tx, 12);
        Assert.Equal(40 / 7.0, summaries[0].T, 12);
        Assert.Equal((0, 0.0), (summaries[1].X, summaries[1].Tx));
    }
}
