using System.Numerics;

namespace Retain.Analytics.Recommendations;

/// <summary>Ranking a gathered customer: the blend of the signals, the admissibility rules and the reason shown.</summary>
public sealed partial class Recommender
{
    /// <summary>The best <paramref name="k"/> gathered candidates under a blend, scored straight from the scratch arrays.</summary>
    private Recommendation[] Pick(int user, RecommenderScratch scratch, Scale scale, BlendWeights w, int k, bool excludeBought,
        Func<int, bool>? allowed, bool withSources)
    {
        var bought = excludeBought && user >= 0 && user < Train.Users ? Train.Purchased.Row(user) : [];
        float wr = w.Repurchase * scale.Repeat, ws = w.Similar * scale.Similar, wp = w.Popular * scale.Popular,
            wq = w.Seasonal * scale.Seasonal, wn = w.Neighbors * scale.Neighbors;
        var best = new (float Score, int Item)[k];
        var n = 0;
        if (scratch.Scan)
        {
            // Every item, ascending: the blend computed a vector at a time, then only scores above the k-th best looked
            // at (an equal score never wins against a lower item).
            var scores = scratch.Scores;
            Blend(scratch, wr, ws, wp, wq, wn, scores);
            for (var item = 0; item < scores.Length; item++)
            {
                var score = scores[item];
                if ((n == k && score <= best[k - 1].Score) || !Admissible(scratch, item, bought, allowed))
                    continue;
                Insert(best, ref n, score, item);
            }
        }
        else
        {
            foreach (var item in Candidates(scratch))
            {
                var score = Blended(scratch, item, wr, ws, wp, wq, wn);
                if ((n == k && !Better(score, item, best[k - 1])) || !Admissible(scratch, item, bought, allowed))
                    continue;
                Insert(best, ref n, score, item);
            }
        }
        var result = new Recommendation[n];
        for (var r = 0; r < n; r++)
        {
            var item = best[r].Item;
            var reason = Reason(wr * scratch.Repeat[item], ws * scratch.Similar[item], wp * Trending[item],
                wq * Seasonal[item] + wn * scratch.Neighbors[item]);
            // Naming the source costs a look at every bought item: only for what a person reads.
            var source = withSources && reason == RecommendationReason.BecauseYouBought ? StrongestSource(user, item) : -1;
            result[r] = new Recommendation(item, best[r].Score, reason, source);
        }
        return result;
    }

    /// <summary>Puts (score, item) in its place among the best so far, dropping the last when full.</summary>
    private static void Insert((float Score, int Item)[] best, ref int n, float score, int item)
    {
        var k = best.Length;
        var at = n < k ? n++ : k - 1;
        while (at > 0 && Better(score, item, best[at - 1]))
        {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = (score, item);
    }

    /// <summary>
    /// The blend of every item into <paramref name="scores"/>, a vector at a time, in the same order of operations as
    /// the scalar sum in <see cref="Pick"/> (so the scores are bit for bit the same).
    /// </summary>
    private void Blend(RecommenderScratch scratch, float wr, float ws, float wp, float wq, float wn, float[] scores)
    {
        var repeat = scratch.Repeat.AsSpan();
        var similar = scratch.Similar.AsSpan();
        var neighbors = scratch.Neighbors.AsSpan();
        var trending = Trending.AsSpan();
        var seasonal = Seasonal.AsSpan();
        var width = Vector<float>.Count;
        var item = 0;
        for (; item <= scores.Length - width; item += width)
        {
            var sum = wr * new Vector<float>(repeat[item..]) + ws * new Vector<float>(similar[item..]) + wp * new Vector<float>(trending[item..])
                      + wq * new Vector<float>(seasonal[item..]) + wn * new Vector<float>(neighbors[item..]);
            sum.CopyTo(scores.AsSpan(item));
        }
        for (; item < scores.Length; item++)
            scores[item] = Blended(scratch, item, wr, ws, wp, wq, wn);
    }

    /// <summary>One item's blended score (the weights already carry the customer's scales).</summary>
    private float Blended(RecommenderScratch scratch, int item, float wr, float ws, float wp, float wq, float wn) =>
        wr * scratch.Repeat[item] + ws * scratch.Similar[item] + wp * Trending[item] + wq * Seasonal[item] + wn * scratch.Neighbors[item];

    /// <summary>Whether a scored item may be recommended: a candidate, not bought when those are excluded, and allowed.</summary>
    private bool Admissible(RecommenderScratch scratch, int item, ReadOnlySpan<int> bought, Func<int, bool>? allowed) =>
        IsCandidate(scratch, item) && (bought.Length == 0 || bought.BinarySearch(item) < 0) && (allowed is null || allowed(item));

    /// <summary>Where to look for candidates: every item after a scan, else the items the signals reached.</summary>
    private ReadOnlySpan<int> Candidates(RecommenderScratch scratch) =>
        scratch.Scan ? _allItems : System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch.Touched);

    /// <summary>
    /// An item is a candidate when a signal of the customer's own reached it (above zero) or it is on the popular list;
    /// the same rule whichever way the similarity is stored.
    /// </summary>
    private bool IsCandidate(RecommenderScratch scratch, int item) =>
        scratch.Repeat[item] > 0 || scratch.Similar[item] > 0 || scratch.Neighbors[item] > 0 || _isPopular[item];

    private static bool Better(float score, int item, (float Score, int Item) other) =>
        score > other.Score || (score == other.Score && item < other.Item);

    /// <summary>The signal that contributed most: repeat, similar, popular now, or the season/neighbours pair.</summary>
    internal static RecommendationReason Reason(float repeat, float similar, float popular, float seasonal)
    {
        if (repeat >= similar && repeat >= popular && repeat >= seasonal && repeat > 0)
            return RecommendationReason.BuyAgain;
        if (similar >= popular && similar >= seasonal && similar > 0)
            return RecommendationReason.BecauseYouBought;
        return seasonal > popular ? RecommendationReason.PopularThisSeason : RecommendationReason.PopularNow;
    }
}
