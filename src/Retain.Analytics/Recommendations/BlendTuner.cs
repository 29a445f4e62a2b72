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

    public static BlendTuning Tune(Recommender model, ProtocolA validation, int k = 10)
    {
        var users = validation.TestUsers;
        var signals = model.CollectMany(users, CandidatesPerSignal);

        var (all, allNdcg) = Ascend(new BlendWeights(1f, 0f, 0f), w => Score(signals, validation.Relevant, w, k, _ => null),
            (w, g) => w with { Similar = g }, (w, g) => w with { Popular = g }, (w, g) => w with { Seasonal = g }, (w, g) => w with { Neighbors = g });

        // Only new items: repeat purchases are excluded anyway, so similarity is weighed against the popularity signals.
        var keep = Enumerable.Range(0, users.Length).Where(t => validation.RelevantUnbought[t].Length > 0).ToArray();
        var newSignals = keep.Select(t => signals[t]).ToArray();
        var newRelevant = keep.Select(t => validation.RelevantUnbought[t]).ToArray();
        var bought = keep.Select(t => model.Train.Purchased.Row(users[t]).ToArray()).ToArray();
        var (fresh, freshNdcg) = Ascend(new BlendWeights(0f, 1f, 0f),
            w => Score(newSignals, newRelevant, w, k, t => item => Array.BinarySearch(bought[t], item) < 0),
            (w, g) => w with { Popular = g }, (w, g) => w with { Seasonal = g }, (w, g) => w with { Neighbors = g });
        return new BlendTuning(all, fresh, allNdcg, freshNdcg);
    }

    /// <summary>Coordinate ascent over the grid, one weight at a time, until a round changes nothing (at most 3).</summary>
    private static (BlendWeights Best, double Ndcg) Ascend(BlendWeights start, Func<BlendWeights, double> score, params Func<BlendWeights, float, BlendWeights>[] axes)
    {
        var best = start;
        var bestScore = score(start);
        for (var round = 0; round < 3; round++)
        {
            var changed = false;
            foreach (var axis in axes)
            {
                foreach (var g in Grid)
                {
                    var w = axis(best, g);
                    if (w == best)
                        continue;
                    var s = score(w);
                    if (s > bestScore + 1e-9)
                        (best, bestScore, changed) = (w, s, true);
                }
            }
            if (!changed)
                break;
        }
        return (best, bestScore);
    }

    private static double Score(Signals[] signals, IReadOnlyList<int[]> relevant, BlendWeights w, int k, Func<int, Func<int, bool>?> allowed)
    {
        var lists = new int[signals.Length][];
        Parallel.For(0, signals.Length, t =>
        {
            var top = signals[t].Top(w, k, allowed(t));
            lists[t] = [.. top.Select(c => signals[t].Candidates[c])];
        });
        return RankingMetrics.Of(lists, relevant, k, 1).Ndcg;
    }
}

/// <summary>The learned blends and the NDCG@10 each reached on the validation split (what the choice was based on).</summary>
public sealed record BlendTuning(BlendWeights ForAll, BlendWeights ForNew, double AllNdcg, double NewNdcg);
