using Retain.Analytics.Data;
using Retain.Analytics.Measure;
using static Retain.Analytics.Tests.Measure.SmallShop;

namespace Retain.Analytics.Tests.Measure;

public sealed class RfmTests
{
    [Fact]
    public void Quintiles_LinearEdges_RightClosed_LowestIncluded()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var edges = Quintiles.Edges(values);
        Assert.Equal([1, 2.8, 4.6, 6.4, 8.2, 10], edges.Select(e => Math.Round(e, 10)));
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], values.Select(v => Quintiles.Bin(v, edges)));
    }

    [Fact]
    public void Score_HandComputed()
    {
        var snapshot = new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var rfm = Rfm.Score(Create(), snapshot);

        var a = rfm.Customers.Single(c => c.ExternalId == "A");
        Assert.Equal((0, 3, 180m), (a.RecencyDays, a.Frequency, a.Monetary)); // Mar 1 12:00 -> Mar 2 00:00 = 0.5 day
        var b = rfm.Customers.Single(c => c.ExternalId == "B");
        Assert.Equal((41, 1, 200m), (b.RecencyDays, b.Frequency, b.Monetary));
        // Recencies 0, 41, 11 -> edges 0, 4.4, 8.8, 15, 28, 41: A R5, C R3, B R1.
        Assert.Equal([5, 1, 3], rfm.Customers.Select(c => c.R));
        // Frequency ranks: B (1) 1st, C (2) 2nd, A (3) 3rd -> F 5, 1, 3.
        Assert.Equal([5, 1, 3], rfm.Customers.Select(c => c.F));
        Assert.Equal("553", a.Score); // monetary 180 is the middle of 100, 180, 200
        Assert.Equal(RfmSegment.Champions, a.Segment);
        Assert.Equal(3, rfm.Segments.Sum(s => s.Customers));
    }

    [Fact]
    public void FrequencyTies_BrokenByAscendingNumericCustomerId()
    {
        var data = new ShopData
        {
            Customers = [new("10"), new("9"), new("100"), new("2"), new("3")],
            Orders = [.. Enumerable.Range(0, 5).Select(c => new OrderFact(c, D(1, 1), 1m))],
            Refunds = [],
        };
        var rfm = Rfm.Score(data, D(2, 1));
        Assert.Equal(["2", "3", "9", "10", "100"], rfm.Customers.OrderBy(c => c.F).Select(c => c.ExternalId));
    }

    [Fact]
    public void OneCustomer_And_NoCustomers()
    {
        var one = new ShopData { Customers = [new("x")], Orders = [new(0, D(1, 1), 5m)], Refunds = [] };
        var c = Assert.Single(Rfm.Score(one, D(2, 1)).Customers);
        Assert.Equal((5, 1, 1), (c.R, c.F, c.M));
        Assert.Empty(Rfm.Score(Empty(), D(2, 1)).Customers);
    }

    [Theory]
    [InlineData(5, 5, RfmSegment.Champions)]
    [InlineData(3, 4, RfmSegment.Loyal)]
    [InlineData(5, 2, RfmSegment.PotentialLoyalist)]
    [InlineData(5, 1, RfmSegment.New)]
    [InlineData(4, 1, RfmSegment.Promising)]
    [InlineData(3, 3, RfmSegment.NeedAttention)]
    [InlineData(3, 1, RfmSegment.AboutToSleep)]
    [InlineData(2, 4, RfmSegment.AtRisk)]
    [InlineData(1, 5, RfmSegment.CantLoseThem)]
    [InlineData(2, 2, RfmSegment.Hibernating)]
    [InlineData(1, 1, RfmSegment.Lost)]
    public void SegmentMap(int r, int f, RfmSegment expected) => Assert.Equal(expected, RfmSegments.Of(r, f));

    [Fact]
    public void SegmentMap_CoversEveryCell() =>
        Assert.Equal(11, (from r in Enumerable.Range(1, 5) from f in Enumerable.Range(1, 5) select RfmSegments.Of(r, f)).Distinct().Count());
}
