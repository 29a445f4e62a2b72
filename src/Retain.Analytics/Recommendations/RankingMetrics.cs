namespace Retain.Analytics.Recommendations;

/// <summary>Top-k ranking quality, means over users (EVALUATION.md §3 definitions).</summary>
public sealed record RankingMetrics(int Users, double Precision, double Recall, double Ndcg, double Map, double HitRate, double Coverage)
{
    /// <summary>
    /// Scores each user's list against their relevant items (sorted ascending). NDCG is binary with the ideal over
    /// min(|relevant|, k); MAP@k divides by min(|relevant|, k); coverage = distinct recommended / <paramref name="catalogue"/>.
    /// </summary>
    public static RankingMetrics Of(IReadOnlyList<int[]> recommended, IReadOnlyList<int[]> relevant, int k, int catalogue)
    {
        double p = 0, r = 0, ndcg = 0, map = 0, hr = 0;
        var distinct = new HashSet<int>();
        for (var u = 0; u < recommended.Count; u++)
        {
            var list = recommended[u];
            var truth = relevant[u];
            int hits = 0;
            double dcg = 0, ap = 0;
            for (var rank = 0; rank < Math.Min(k, list.Length); rank++)
            {
                distinct.Add(list[rank]);
                if (Array.BinarySearch(truth, list[rank]) < 0)
                    continue;
                hits++;
                dcg += 1 / Math.Log2(rank + 2);
                ap += hits / (double)(rank + 1);
            }
            var ideal = Math.Min(truth.Length, k);
            double idcg = 0;
            for (var rank = 0; rank < ideal; rank++)
                idcg += 1 / Math.Log2(rank + 2);
            p += hits / (double)k;
            r += hits / (double)truth.Length;
            ndcg += dcg / idcg;
            map += ap / ideal;
            hr += hits > 0 ? 1 : 0;
        }
        var n = recommended.Count;
        return new RankingMetrics(n, p / n, r / n, ndcg / n, map / n, hr / n, distinct.Count / (double)catalogue);
    }
}
