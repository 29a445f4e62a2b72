using Retain.Analytics.Recommendations;

namespace Retain.Analytics.Tests.Recommendations;

public sealed class RankingMetricsTests
{
    [Fact]
    public void Metrics_FollowTheProtocolDefinitions()
    {
        // User 0: hits at ranks 1 and 3 of 3 relevant; user 1: no hit.
        int[][] recommended = [[1, 2, 3], [4, 5, 6]];
        int[][] relevant = [[1, 3, 9], [7]];
        var m = RankingMetrics.Of(recommended, relevant, 3, 10);
        Assert.Equal((2 / 3.0 + 0) / 2, m.Precision, 12);
        Assert.Equal((2 / 3.0 + 0) / 2, m.Recall, 12);
        var dcg = 1 + 1 / Math.Log2(4);
        var idcg = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal(dcg / idcg / 2, m.Ndcg, 12);
        Assert.Equal((1 + 2 / 3.0) / 3 / 2, m.Map, 12);
        Assert.Equal(0.5, m.HitRate, 12);
        Assert.Equal(0.6, m.Coverage, 12);
    }

    [Fact]
    public void TopN_BreaksTiesByIndex_WhateverTheCandidateOrder()
    {
        float[] scores = [1f, 2f, 2f, 0.5f, 2f];
        Assert.Equal([1, 2, 4], TopN.Select(scores, 3, [4, 3, 2, 1, 0]));
        Assert.Equal([1, 2, 4, 0], TopN.SelectAll(scores, 4));
    }
}
