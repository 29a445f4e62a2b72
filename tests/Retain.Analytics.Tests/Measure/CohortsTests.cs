using Retain.Analytics.Measure;
using static Retain.Analytics.Tests.Measure.SmallShop;

namespace Retain.Analytics.Tests.Measure;

public sealed class CohortsTests
{
    [Fact]
    public void Monthly_HandComputed()
    {
        var m = Cohorts.Build(Create(), CohortGrain.Month);

        Assert.Equal(["2024-01", "2024-02", "2024-03"], m.Labels);
        Assert.Equal([2, 1, 0], m.Sizes);
        Assert.Equal([2, 1, 1], m.Customers[0]);
        Assert.Equal([1, 0], m.Customers[1]);
        Assert.Equal([300m, 50m, 30m], m.Revenue[0]);
        Assert.Equal([100m, 0m], m.Revenue[1]);
        Assert.Equal(0.5, m.Retention(0, 1));
        Assert.Equal(0.25, m.MeanRetention(1));
    }

    [Fact]
    public void Weekly_UsesIsoWeeks()
    {
        var m = Cohorts.Build(Create(), CohortGrain.Week);
        Assert.Equal("2024-W01", m.Labels[0]);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), m.CohortStarts[0]);
        Assert.Equal(1, m.Sizes[0]);
        Assert.Equal(1, m.Customers[0][5]); // A again on Feb 10, week 6
    }

    [Fact]
    public void Until_LeavesLaterOrdersOut_AndEmptyShopGivesEmptyMatrix()
    {
        Assert.Equal(2, Cohorts.Build(Create(), CohortGrain.Month, until: D(3, 1).Date).Labels.Count);
        Assert.Empty(Cohorts.Build(Empty(), CohortGrain.Month).Sizes);
    }
}
