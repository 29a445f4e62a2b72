using System.Globalization;
using Retain.Analytics.Recommendations;
using Retain.Core.Recommendations;
using Retain.Testing;

namespace Retain.Core.Tests.Recommendations;

/// <summary>EVALUATION.md §3, protocol A on Online Retail II: the cleaning, the split, the peers' figures and ours.</summary>
public sealed class ProtocolATests
{
    private static readonly DateTime Cutoff = new(2011, 9, 1);
    private static readonly Lazy<ProtocolAFile.Cleaned> Data = new(() => ProtocolAFile.Load(Datasets.OnlineRetailII));

    private static ProtocolAFile.Cleaned Cleaned()
    {
        _ = Datasets.OnlineRetailII; // skips (or fails under RETAIN_REQUIRE_ALL) without the dataset
        return Data.Value;
    }

    [Fact]
    public void Cleaning_AndSplit_MatchTheProtocol()
    {
        var data = Cleaned();
        Assert.Equal(802_634, data.Rows);
        Assert.Equal(5_852, data.Log.Customers.Length);
        Assert.Equal(4_620, data.Log.Items.Length);
        Assert.Equal(36_594, data.Invoices);
        var split = ProtocolA.Split(data.Log, Cutoff);
        Assert.Equal(5_224, split.TrainUsers);
        Assert.Equal(4_404, split.TrainItems);
        Assert.Equal(2_339, split.TestUsers.Length);
        Assert.Equal(2_253, split.A2Users);
    }

    // EVALUATION.md §3: (P, R, NDCG, MAP, HR) per peer and variant.
    public static TheoryData<string, string, double, double, double, double, double> Peers => new()
    {
        { "popularity", "A1", .1083, .0297, .1059, .0499, .4964 },
        { "repurchase", "A1", .3003, .1267, .3429, .2346, .7922 },
        { "sar", "A1", .2890, .1217, .3291, .2263, .7602 },
        { "sar-decay", "A1", .2868, .1199, .3214, .2239, .7383 },
        { "popularity", "A2", .0497, .0191, .0515, .0210, .3027 },
        { "sar", "A2", .0693, .0364, .0797, .0359, .3981 },
        { "sar-decay", "A2", .0724, .0359, .0826, .0382, .4052 },
    };

    [Theory]
    [MemberData(nameof(Peers))]
    public void Baseline_ReproducesThePeersFigures(string model, string variant, double p, double r, double ndcg, double map, double hr)
    {
        var result = Backtest(model);
        var m = variant == "A1" ? result.A1 : result.A2;
        Report($"{model} {variant}", m);
        Assert.Equal(variant == "A1" ? 2_339 : 2_253, m.Users);
        Assert.InRange(m.Precision, p - .002, p + .002);
        Assert.InRange(m.Recall, r - .002, r + .002);
        Assert.InRange(m.Ndcg, ndcg - .002, ndcg + .002);
        Assert.InRange(m.Map, map - .002, map + .002);
        Assert.InRange(m.HitRate, hr - .002, hr + .002);
    }

    [Fact]
    public void RetainRecommender_BeatsThePeersOnA1AndA2()
    {
        var retain = Backtest(RecommendationBacktest.Retain);
        Report("retain A1", retain.A1);
        Report("retain A2", retain.A2);
        // A1: above the best peer (own repurchase frequency, NDCG@10 .3429) on every metric.
        Assert.True(retain.A1.Ndcg > .3429, $"A1 NDCG@10 {retain.A1.Ndcg:F4}");
        Assert.True(retain.A1.Precision > .3003 && retain.A1.Recall > .1267 && retain.A1.Map > .2346 && retain.A1.HitRate > .7922);
        // A2: above SAR with 30-day decay (.0826), the best peer, with the blend learned on the last 90 days and the same
        // weeks a year earlier (docs/models.md); measured .0834 (the last 90 days alone gave .0815).
        Assert.True(retain.A2.Ndcg > .0826, $"A2 NDCG@10 {retain.A2.Ndcg:F4}");
    }

    [Fact]
    public void RetainRecommender_NeverReadsTheTestPeriod()
    {
        var data = Cleaned();
        var before = new PurchaseLog.Builder();
        for (var r = 0; r < data.Log.Count; r++)
        {
            if (data.Log.Ticks[r] < Cutoff.Ticks)
                before.Add(data.Log.Customers[data.Log.User[r]], data.Log.Items[data.Log.Item[r]], $"b{data.Log.Basket[r]}", new DateTime(data.Log.Ticks[r]));
        }
        var truncated = before.Build();
        var full = Recommender.Fit(data.Log, Cutoff);
        var blind = Recommender.Fit(truncated, Cutoff);
        Assert.Equal(full.ForAll, blind.ForAll);
        Assert.Equal(full.ForNew, blind.ForNew);
        foreach (var customer in data.Log.Customers.Where((_, u) => u % 97 == 0))
        {
            var a = full.Recommend(Array.IndexOf(data.Log.Customers, customer), 10, excludeBought: false);
            var b = blind.Recommend(Array.IndexOf(truncated.Customers, customer), 10, excludeBought: false);
            Assert.Equal(a.Select(x => (data.Log.Items[x.Item], x.Reason)), b.Select(x => (truncated.Items[x.Item], x.Reason)));
        }
    }

    private static readonly Dictionary<string, BacktestModel> Results = [];

    private static BacktestModel Backtest(string model)
    {
        var data = Cleaned();
        lock (Results)
        {
            if (!Results.TryGetValue(model, out var result))
                Results[model] = result = RecommendationBacktest.Run(data, Cutoff, [model]).Models.Single();
            return result;
        }
    }

    private static void Report(string what, RankingMetrics m) =>
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: n={m.Users} P={m.Precision:F4} R={m.Recall:F4} NDCG={m.Ndcg:F4} MAP={m.Map:F4} HR={m.HitRate:F4} coverage={m.Coverage:F4}"));
}
