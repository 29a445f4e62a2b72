using System.Diagnostics;
using System.Globalization;
using Retain.Analytics.Recommendations;
using Retain.Core.Recommendations;

namespace Retain.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Retain.Bench -- recs &lt;online_retail_II.csv.gz&gt; [--runs N] [--neighbors N]
/// [--buyers N] [--similar-customers N] [--half-life DAYS] [--no-seasonal-validation] [--only sar|retain] [--phases]`: protocol A (EVALUATION.md §3) timed side by side — SAR with decay (the peer,
/// reimplemented) and Retain, each trained and scoring every test user in both variants, one line per run, with
/// Retain's blend tuning timed apart from the retrain that reuses it.
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
            SeasonalValidation = !args.Contains("--no-seasonal-validation"),
            Affinity = defaults.Affinity with { HalfLife = TimeSpan.FromDays(Flag("--half-life", (int)defaults.Affinity.HalfLife!.Value.TotalDays)) },
        };
        var clock = Stopwatch.StartNew();
        var data = ProtocolAFile.Load(args[0]);
        var cutoff = new DateTime(2011, 9, 1);
        var split = ProtocolA.Split(data.Log, cutoff);
        Console.WriteLine($"read {data.Rows:N0} rows in {clock.Elapsed.TotalSeconds:F2} s; {split.TestUsers.Length:N0} test users; " +
                          $"cores {Environment.ProcessorCount}; neighbors {options.Neighbors}, buyers {options.MaxBuyersPerItem}, similar customers {options.SimilarCustomers}");

        if (args.Contains("--phases"))
        {
            // Twice: the first pass includes the JIT compiling every phase; the second is the steady state.
            Phases(data.Log, cutoff, split, options);
            Console.WriteLine("  again, warm:");
            Phases(data.Log, cutoff, split, options);
        }
        // --only sar|retain runs one model alone, so the process's peak working set is that model's.
        var only = Array.IndexOf(args, "--only") is var o and >= 0 ? args[o + 1] : null;
        BlendTuning? tuning = null;
        for (var run = 0; run < runs; run++)
        {
            double sarSeconds = 0, sarCpu = 0;
            if (only is null or "sar")
            {
                clock.Restart();
                var cpu = Cpu();
                var sarTrain = InteractionMatrix.Build(data.Log, cutoff, new AffinityOptions { HalfLife = TimeSpan.FromDays(30) });
                var sar = new SarRecommender(sarTrain, ItemSimilarity.Build(sarTrain.Purchased, SimilarityKind.Jaccard, int.MaxValue, includeSelf: true), decayed: true);
                var (sarA1, sarA2) = split.Evaluate(sar);
                sarSeconds = clock.Elapsed.TotalSeconds;
                sarCpu = Cpu() - cpu;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run + 1}: SAR-decay train + score {sarSeconds:F2} s, cpu {sarCpu:F2} s (A1 {sarA1.Ndcg:F4}, A2 {sarA2.Ndcg:F4})"));
            }
            if (only is "sar")
                continue;

            // The blend is learned apart (the service does it at most once a TuneEvery) and reused by the retrain.
            clock.Restart();
            var tuneCpu = Cpu();
            // --tune-once learns the blend on the first run only (as the service does between TuneEvery), so a profile of
            // the later runs is the retrain alone.
            tuning = tuning is not null && args.Contains("--tune-once") ? tuning : Recommender.Tune(data.Log, cutoff, options);
            var tune = clock.Elapsed.TotalSeconds;
            tuneCpu = Cpu() - tuneCpu;
            clock.Restart();
            var retrainCpu = Cpu();
            var retain = Recommender.Fit(data.Log, cutoff, options, tuning);
            var fit = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var (a1, a2) = split.Evaluate(retain);
            var score = clock.Elapsed.TotalSeconds;
            retrainCpu = Cpu() - retrainCpu;
            string Ratio(double sar, double retain) => sar > 0 ? $"{sar / retain:F2}x" : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: Retain retrain with the stored blend {fit + score:F2} s = fit {fit:F2} + score {score:F2}, cpu {retrainCpu:F2} s " +
                $"(A1 {a1.Ndcg:F4}, A2 {a2.Ndcg:F4}) | tuning {tune:F2} s, cpu {tuneCpu:F2} s ({tuning?.Splits} splits, validation {tuning?.AllNdcg:F4} / {tuning?.NewNdcg:F4}; " +
                $"all {tuning?.ForAll}, new {tuning?.ForNew}) | SAR ÷ Retain cpu: retrain {Ratio(sarCpu, retrainCpu)}, " +
                $"tune + retrain {Ratio(sarCpu, tuneCpu + retrainCpu)}; wall: retrain {Ratio(sarSeconds, fit + score)}, tune + retrain {Ratio(sarSeconds, tune + fit + score)}"));
        }
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (whole process)");
        return 0;
    }

    /// <summary>CPU seconds the process has used (all threads): less disturbed by other processes than the wall clock.</summary>
    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Where Retain's time goes, phase by phase (the same work <see cref="Recommender.Fit"/> and the scoring do).</summary>
    private static void Phases(PurchaseLog log, DateTime cutoff, ProtocolA split, RecommenderOptions options)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Cpu();
        void Lap(string what)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-40} {clock.Elapsed.TotalMilliseconds,8:F0} ms, cpu {(Cpu() - cpu) * 1000,8:F0} ms"));
            clock.Restart();
            cpu = Cpu();
        }
        var train = InteractionMatrix.Build(log, cutoff, options.Affinity);
        Lap("interaction matrix");
        long pairs = 0;
        for (var u = 0; u < train.Users; u++)
            pairs += (long)train.Purchased.Row(u).Length * train.Purchased.Row(u).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {train.Users:N0} customers, {train.Items:N0} items, {train.Purchased.Column.Length:N0} (customer, item) pairs, Σ distinct items² {pairs:N0}"));
        _ = ItemSimilarity.Build(train.Purchased, options.Similarity, options.Neighbors);
        Lap("item similarity");
        _ = Popularity.Scores(log, cutoff.AddDays(-90), cutoff, PopularityMeasure.Customers);
        Lap("popularity (one window)");
        _ = train.Purchased.Transpose();
        Lap("buyers (transpose)");
        var model = Recommender.Build(log, cutoff, options);
        Lap("Recommender.Build (all of the above)");
        NeighborParts(model, split.TestUsers, options);
        var inner = cutoff - options.ValidationWindow!.Value;
        var validation = ProtocolA.Split(log, inner, cutoff);
        Lap("validation split");
        var innerModel = Recommender.Build(log, inner, options);
        Lap("inner model build");
        var users = validation.TestUsers;
        var signals = new Signals[users.Length];
        signals = innerModel.CollectMany(users, 50);
        Lap($"collect {users.Length} validation users");
        BlendTuner.Tune(innerModel, validation);
        Lap("BlendTuner.Tune (collect again + ascent)");
        split.Evaluate(model);
        Lap("score + evaluate test users");
    }

    /// <summary>The customers-like-you signal's parts, one thread, on the test users (where its time goes).</summary>
    private static void NeighborParts(Recommender model, int[] users, RecommenderOptions options)
    {
        var train = model.Train;
        var overlap = new int[train.Users];
        var neighbors = new float[train.Items];
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0, adds = 0;
        var keys = new List<long>();
        foreach (var user in users)
        {
            var a = Stopwatch.GetTimestamp();
            var mine = train.Purchased.Row(user);
            foreach (var item in mine)
            {
                var buyers = model.Buyers.Row(item);
                var step = Math.Max(1, buyers.Length / options.MaxBuyersPerItem);
                for (var b = 0; b < buyers.Length; b += step)
                    overlap[buyers[b]]++;
            }
            overlap[user] = 0;
            var b1 = Stopwatch.GetTimestamp();
            keys.Clear();
            for (var v = 0; v < overlap.Length; v++)
            {
                if (overlap[v] == 0)
                    continue;
                var size = train.Purchased.Start[v + 1] - train.Purchased.Start[v];
                var similarity = (float)(overlap[v] / Math.Sqrt((double)mine.Length * size));
                overlap[v] = 0;
                keys.Add(((long)(int.MaxValue - BitConverter.SingleToInt32Bits(similarity)) << 32) | (uint)v);
            }
            var c = Stopwatch.GetTimestamp();
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys);
            span = TopN.Smallest(span, Math.Min(span.Length, options.SimilarCustomers));
            span.Sort();
            var d = Stopwatch.GetTimestamp();
            foreach (var key in span)
            {
                var v = (int)(key & 0xFFFFFFFF);
                var start = train.Purchased.Start[v];
                var items = train.Purchased.Row(v);
                for (var n = 0; n < items.Length; n++)
                    neighbors[items[n]] += 0.5f * train.Decayed[start + n];
                adds += items.Length;
            }
            Array.Clear(neighbors);
            var e = Stopwatch.GetTimestamp();
            t0 += b1 - a; t1 += c - b1; t2 += d - c; t3 += e - d;
        }
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  customers like you, {users.Length} users, one thread: overlap {Ms(t0):F0} ms, keys {Ms(t1):F0} ms, select {Ms(t2):F0} ms, add {Ms(t3):F0} ms ({adds / (double)users.Length:F0} adds a user)"));
    }
}
