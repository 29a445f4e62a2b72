namespace Retain.Analytics.Recommendations;

/// <summary>
/// Learns the blend weights on a validation split inside the training period (never on the period evaluated): a grid
/// over each signal's weight relative to repeat purchases (coordinate ascent), best NDCG@10 wins, ties keep the
/// weights already chosen.
/// </summary>
public static class BlendTuner
{
    private static readonly float[] Grid = [0f, 0.05f, 0.1f, 0.2f, 0.35f, 0.5f, 1f, 2f];

    /// <summary>Candidates kept per signal while tuning (their union): scoring a weighting costs that, not the catalogue.</summary>
    private const int CandidatesPerSignal = 50;

    public static BlendTuning Tune(Recommender model, ProtocolA validation, int k = 10) => Tune([(model, validation)], k);

    /// <summary>
    /// Learns both blends on several validation splits (each with the model trained before its cut); the objective is the
    /// mean of the splits' NDCG@10, so each split counts the same whatever its number of customers.
    /// </summary>
    public static BlendTuning Tune(IReadOnlyList<(Recommender Model, ProtocolA Validation)> splits, int k = 10)
    {
        var all = new List<(Signals[] Signals, int[][] Relevant, int[][]? Bought)>();
        var fresh = new List<(Signals[] Signals, int[][] Relevant, int[][]? Bought)>();
        foreach (var (model, validation) in splits)
        {
            var users = validation.TestUsers;
            var signals = model.CollectMany(users, CandidatesPerSignal);
            all.Add((signals, validation.Relevant, null));
            // Only new items: repeat purchases are excluded anyway, so similarity is weighed against the popularity signals.
            var keep = Enumerable.Range(0, users.Length).Where(t => validation.RelevantUnbought[t].Length > 0).ToArray();
            if (keep.Length > 0)
                fresh.Add(([.. keep.Select(t => signals[t])], [.. keep.Select(t => validation.RelevantUnbought[t])],
                    [.. keep.Select(t => model.Train.Purchased.Row(users[t]).ToArray())]));
        }

        // The two blends are independent: learn them side by side.
        var everything = Task.Run(() => Ascend(new BlendWeights(1f, 0f, 0f), w => Mean(all, w, k),
            (w, g) => w with { Similar = g }, (w, g) => w with { Popular = g }, (w, g) => w with { Seasonal = g }, (w, g) => w with { Neighbors = g }));
        var (forNew, freshNdcg) = fresh.Count == 0 ? (new BlendWeights(0f, 1f, 0f), 0) : Ascend(new BlendWeights(0f, 1f, 0f), w => Mean(fresh, w, k),
            (w, g) => w with { Popular = g }, (w, g) => w with { Seasonal = g }, (w, g) => w with { Neighbors = g });
        var (forAll, allNdcg) = everything.GetAwaiter().GetResult();
        return new BlendTuning(forAll, forNew, allNdcg, freshNdcg, splits.Count);
    }

    private static double Mean(List<(Signals[] Signals, int[][] Relevant, int[][]? Bought)> splits, BlendWeights w, int k)
    {
        double sum = 0;
        foreach (var (signals, relevant, bought) in splits)
            sum += Ndcg(signals, relevant, w, k, bought);
        return sum / splits.Count;
    }

    /// <summary>
    /// Coordinate ascent over the grid, one weight at a time, until a round changes nothing (at most 3). An axis's grid
    /// points are scored in parallel, then taken in grid order exactly as one at a time would (each point sets the same
    /// weight, so it does not depend on which earlier point won); a weighting already scored is not scored again.
    /// </summary>
    private static (BlendWeights Best, double Ndcg) Ascend(BlendWeights start, Func<BlendWeights, double> score, params Func<BlendWeights, float, BlendWeights>[] axes)
    {
        var scored = new Dictionary<BlendWeights, double>();
        var best = start;
        var bestScore = scored[start] = score(start);
        for (var round = 0; round < 3; round++)
        {
            var changed = false;
            foreach (var axis in axes)
            {
                var tries = Grid.Select(g => axis(best, g)).Where(w => w != best).ToArray();
                var fresh = tries.Where(w => !scored.ContainsKey(w)).Distinct().ToArray();
                var results = new double[fresh.Length];
                Parallel.For(0, fresh.Length, t => results[t] = score(fresh[t]));
                for (var t = 0; t < fresh.Length; t++)
                    scored[fresh[t]] = results[t];
                foreach (var w in tries)
                {
                    if (scored[w] > bestScore + 1e-9)
                        (best, bestScore, changed) = (w, scored[w], true);
                }
            }
            if (!changed)
                break;
        }
        return (best, bestScore);
    }

    /// <summary>
    /// Mean NDCG@k of the blend's top k per customer: the arithmetic of <see cref="RankingMetrics.Of"/> (same order of
    /// additions, so the same figure) without the other metrics. <paramref name="bought"/> excludes each customer's items.
    /// </summary>
    private static double Ndcg(Signals[] signals, int[][] relevant, BlendWeights w, int k, int[][]? bought)
    {
        var top = new int[k];
        double ndcg = 0;
        for (var t = 0; t < signals.Length; t++)
        {
            var count = signals[t].TopItems(w, top, bought?[t]);
            var truth = relevant[t];
            double dcg = 0;
            for (var rank = 0; rank < count; rank++)
            {
                if (Array.BinarySearch(truth, top[rank]) >= 0)
                    dcg += 1 / Math.Log2(rank + 2);
            }
            var ideal = Math.Min(truth.Length, k);
            double idcg = 0;
            for (var rank = 0; rank < ideal; rank++)
                idcg += 1 / Math.Log2(rank + 2);
            ndcg += dcg / idcg;
        }
        return ndcg / signals.Length;
    }
}

/// <summary>
/// The learned blends and the NDCG@10 each reached on the validation splits (their mean: what the choice was based on),
/// and how many splits there were.
/// </summary>
public sealed record BlendTuning(BlendWeights ForAll, BlendWeights ForNew, double AllNdcg, double NewNdcg, int Splits = 1);
