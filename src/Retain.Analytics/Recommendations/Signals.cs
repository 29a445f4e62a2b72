namespace Retain.Analytics.Recommendations;

/// <summary>
/// One customer's candidate items with each signal scaled to [0, 1]: own repeat purchases, similarity to what they
/// bought, and recent popularity.
/// </summary>
public sealed class Signals(int[] candidates, float[] repurchase, float[] similar, float[] popular, float[] seasonal, float[] neighbors)
{
    public int[] Candidates { get; } = candidates;
    public float[] Repurchase { get; } = repurchase;
    public float[] Similar { get; } = similar;
    public float[] Popular { get; } = popular;
    public float[] Seasonal { get; } = seasonal;
    /// <summary>Recent purchases of the customers most like this one.</summary>
    public float[] Neighbors { get; } = neighbors;

    public float Score(int n, BlendWeights w) =>
        w.Repurchase * Repurchase[n] + w.Similar * Similar[n] + w.Popular * Popular[n] + w.Seasonal * Seasonal[n] + w.Neighbors * Neighbors[n];

    /// <summary>The best <paramref name="k"/> candidates under <paramref name="w"/>, ties by item index.</summary>
    public int[] Top(BlendWeights w, int k, Func<int, bool>? allowed = null)
    {
        var best = new (float Score, int Item, int At)[Math.Min(k, Candidates.Length)];
        var n = 0;
        for (var c = 0; c < Candidates.Length; c++)
        {
            var item = Candidates[c];
            var score = Score(c, w);
            if (n == best.Length && !Better(score, item, best[^1]))
                continue;
            if (allowed is not null && !allowed(item))
                continue;
            var at = n < best.Length ? n++ : best.Length - 1;
            while (at > 0 && Better(score, item, best[at - 1]))
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = (score, item, c);
        }
        var result = new int[n];
        for (var i = 0; i < n; i++)
            result[i] = best[i].At;
        return result;
    }

    /// <summary>
    /// The items of the best <c>top.Length</c> candidates under <paramref name="w"/> (ties by item index), written to
    /// <paramref name="top"/> best first, skipping items in <paramref name="excluded"/> (ascending); returns how many.
    /// </summary>
    public int TopItems(BlendWeights w, Span<int> top, int[]? excluded)
    {
        Span<float> scores = stackalloc float[top.Length];
        var k = top.Length;
        var n = 0;
        for (var c = 0; c < Candidates.Length; c++)
        {
            var item = Candidates[c];
            var score = Score(c, w);
            if (n == k && (score < scores[k - 1] || (score == scores[k - 1] && item > top[k - 1])))
                continue;
            if (excluded is not null && Array.BinarySearch(excluded, item) >= 0)
                continue;
            var at = n < k ? n++ : k - 1;
            while (at > 0 && (score > scores[at - 1] || (score == scores[at - 1] && item < top[at - 1])))
            {
                top[at] = top[at - 1];
                scores[at] = scores[at - 1];
                at--;
            }
            top[at] = item;
            scores[at] = score;
        }
        return n;
    }

    private static bool Better(float score, int item, (float Score, int Item, int At) other) =>
        score > other.Score || (score == other.Score && item < other.Item);
}
