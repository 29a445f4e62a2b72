using System.Diagnostics;
using System.Globalization;
using Retain.Analytics.Recommendations;
using Retain.Core.Recommendations;

namespace Retain.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Retain.Bench -- recs &lt;online_retail_II.csv.gz&gt; [--runs N] [--neighbors N]
/// [--buyers N] [--similar-customers N] [--half-life DAYS]`: protocol A (EVALUATION.md §3) timed side by side — SAR with decay (the peer,
/// reimplemented) and Retain, each trained and scoring every test user in both variants, medians of N runs, with
/// Retain's training split into the model build and the blend tuning.
/// </summary>
internal static class RecsSuite
{
    public static int Run(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: recs <online_retail_II.csv.gz> [--runs N] [--neighbors N] [--buyers N] [--similar-customers N]");
            return 2;
        }
        int Flag(string name, int fallback) =>
            Array.IndexOf(args, name) is var at and >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        var runs = Flag("--runs", 3);
        var defaults = new RecommenderOptions();
        var options = defaults with
        {
            Neighbors = Flag("--neighbors", defaults.Neighbors),
            MaxBuyersPerItem = Flag("--buyers", defaults.MaxBuyersPerItem),
            SimilarCustomers = Flag("--similar-customers", defaults.SimilarCustomers),
            Affinity = defaults.Affinity with { HalfLife = TimeSpan.FromDays(Flag("--half-life", (int)defaults.Affinity.HalfLife!.Value.TotalDays)) },
        };
        var clock = Stopwatch.StartNew();
        var data = ProtocolAFile.Load(args[0]);
        var cutoff = new DateTime(2011, 9, 1);
        var split = ProtocolA.Split(data.Log, cutoff);
        Console.WriteLine($"read {data.Rows:N0} rows in {clock.Elapsed.TotalSeconds:F2} s; {split.TestUsers.Length:N0} test users; " +
                          $"cores {Environment.ProcessorCount}; neighbors {options.Neighbors}, buyers {options.MaxBuyersPerItem}, similar customers {options.SimilarCustomers}");

        for (var run = 0; run < runs; run++)
        {
            clock.Restart();
            var sarTrain = InteractionMatrix.Build(data.Log, cutoff, new AffinityOptions { HalfLife = TimeSpan.FromDays(30) });
            var sar = new SarRecommender(sarTrain, ItemSimilarity.Build(sarTrain.Purchased, SimilarityKind.Jaccard, int.MaxValue, includeSelf: true), decayed: true);
            var (sarA1, sarA2) = split.Evaluate(sar);
            var sarSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            Recommender.Fit(data.Log, cutoff, options with { ValidationWindow = null });
            var build = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var retain = Recommender.Fit(data.Log, cutoff, options);
            var fit = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var (a1, a2) = split.Evaluate(retain);
            var score = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: SAR-decay {sarSeconds:F2} s (A1 {sarA1.Ndcg:F4}, A2 {sarA2.Ndcg:F4}) | Retain {fit + score:F2} s = fit {fit:F2} (build alone {build:F2}) + score {score:F2} " +
                $"(A1 {a1.Ndcg:F4}, A2 {a2.Ndcg:F4}; validation {retain.Tuning?.AllNdcg:F4} / {retain.Tuning?.NewNdcg:F4}) | ratio {sarSeconds / (fit + score):F2}x"));
        }
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (whole process)");
        return 0;
    }
}
