using System.Diagnostics;
using Retain.Analytics.Recommendations;

namespace Retain.Core.Recommendations;

/// <summary>One model's protocol-A figures and the time it took to train and score every test user.</summary>
public sealed record BacktestModel(string Name, string Description, RankingMetrics A1, RankingMetrics A2, double Seconds);

/// <summary>Protocol A on a cleaned file: the split's sizes and every model's figures.</summary>
public sealed record RecommendationBacktestResult(
    DateTime Cutoff, int Rows, int Customers, int Items, int Invoices,
    int TrainUsers, int TrainItems, int TestUsers, int A2Users,
    IReadOnlyList<BacktestModel> Models, BlendWeights? ForAll, BlendWeights? ForNew);

/// <summary>
/// Runs protocol A (EVALUATION.md §3): the peers' baselines as the protocol defines them, reimplemented so their
/// published figures can be reproduced, beside Retain's recommender. Each model's time covers training and scoring.
/// </summary>
public static class RecommendationBacktest
{
    public const string Retain = "retain";
    public static IReadOnlyList<string> ModelNames { get; } = ["popularity", "repurchase", "sar", "sar-decay", Retain];

    public static RecommendationBacktestResult Run(ProtocolAFile.Cleaned data, DateTime cutoff, IReadOnlyCollection<string>? models = null)
    {
        var log = data.Log;
        var split = ProtocolA.Split(log, cutoff);
        var results = new List<BacktestModel>();
        BlendWeights? all = null, fresh = null;
        foreach (var name in ModelNames)
        {
            if (models is { Count: > 0 } && !models.Contains(name))
                continue;
            var clock = Stopwatch.StartNew();
            var (model, description) = Train(name, log, cutoff);
            var (a1, a2) = split.Evaluate(model);
            results.Add(new BacktestModel(name, description, a1, a2, clock.Elapsed.TotalSeconds));
            if (model is Recommender retain)
                (all, fresh) = (retain.ForAll, retain.ForNew);
        }
        return new RecommendationBacktestResult(cutoff, data.Rows, log.Customers.Length, log.Items.Length, data.Invoices,
            split.TrainUsers, split.TrainItems, split.TestUsers.Length, split.A2Users, results, all, fresh);
    }

    private static (ITopNRecommender Model, string Description) Train(string name, PurchaseLog log, DateTime cutoff)
    {
        var popular = Popularity.Scores(log, cutoff.AddDays(-90), cutoff, PopularityMeasure.Customers);
        switch (name)
        {
            case "popularity":
                return (new PopularityRecommender(Matrix(log, cutoff, null), popular), "popularity, last 90 days (distinct customers)");
            case "repurchase":
                return (new RepurchaseRecommender(Matrix(log, cutoff, null), popular), "own repurchase frequency, popularity fill");
            case "sar":
            case "sar-decay":
            {
                var decayed = name == "sar-decay";
                var train = Matrix(log, cutoff, decayed ? TimeSpan.FromDays(30) : null);
                var jaccard = ItemSimilarity.Build(train.Purchased, SimilarityKind.Jaccard, int.MaxValue, includeSelf: true);
                return (new SarRecommender(train, jaccard, decayed), decayed ? "SAR, Jaccard, 30-day half-life decay" : "SAR, Jaccard");
            }
            default:
                return (Recommender.Fit(log, cutoff), "Retain: repeat purchases + item similarity + trending, blend learned inside training");
        }
    }

    private static InteractionMatrix Matrix(PurchaseLog log, DateTime cutoff, TimeSpan? halfLife) =>
        InteractionMatrix.Build(log, cutoff, new AffinityOptions { HalfLife = halfLife });
}
