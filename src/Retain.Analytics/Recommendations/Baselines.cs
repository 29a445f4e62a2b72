namespace Retain.Analytics.Recommendations;

/// <summary>The most popular items, the same list for everyone (minus what they bought, when asked).</summary>
public sealed class PopularityRecommender(InteractionMatrix train, float[] popularity) : ITopNRecommender
{
    private readonly int[] _ranking = TopN.Ranking(popularity);

    public int[] Recommend(int user, int k, bool excludeBought) => Fill(train, _ranking, user, k, excludeBought, []);

    /// <summary>Appends items from <paramref name="ranking"/> to <paramref name="head"/> until it holds k.</summary>
    internal static int[] Fill(InteractionMatrix train, int[] ranking, int user, int k, bool excludeBought, int[] head)
    {
        if (head.Length >= k)
            return head;
        var list = new List<int>(k);
        list.AddRange(head);
        var bought = train.Purchased.Row(user);
        foreach (var item in ranking)
        {
            if (list.Count == k)
                break;
            if (list.Contains(item) || (excludeBought && bought.BinarySearch(item) >= 0))
                continue;
            list.Add(item);
        }
        return [.. list];
    }
}

/// <summary>
/// The user's own items by how many distinct baskets held them, ties to the more recent purchase, then popular items
/// (the "own repurchase frequency" peer of protocol A).
/// </summary>
public sealed class RepurchaseRecommender(InteractionMatrix train, float[] popularity) : ITopNRecommender
{
    private readonly int[] _ranking = TopN.Ranking(popularity);

    public int[] Recommend(int user, int k, bool excludeBought)
    {
        if (excludeBought)
            return PopularityRecommender.Fill(train, _ranking, user, k, excludeBought, []);
        var start = train.Purchased.Start[user];
        var own = Enumerable.Range(start, train.Purchased.Start[user + 1] - start)
            .OrderByDescending(at => train.Baskets[at]).ThenByDescending(at => train.LastTicks[at]).ThenBy(at => train.Purchased.Column[at])
            .Take(k).Select(at => train.Purchased.Column[at]).ToArray();
        return PopularityRecommender.Fill(train, _ranking, user, k, excludeBought, own);
    }
}

/// <summary>
/// SAR as microsoft/recommenders defines it: affinity A (distinct baskets, optionally decayed) times item similarity
/// over the full co-occurrence (self included), every item scored, ties by item code.
/// </summary>
public sealed class SarRecommender(InteractionMatrix train, ItemSimilarity similarity, bool decayed) : ITopNRecommender
{
    public int[] Recommend(int user, int k, bool excludeBought)
    {
        var scores = new float[train.Items];
        var start = train.Purchased.Start[user];
        var items = train.Purchased.Row(user);
        var affinity = decayed ? train.Decayed : train.Baskets;
        for (var n = 0; n < items.Length; n++)
        {
            var a = affinity[start + n];
            var neighbors = similarity.Neighbors(items[n]);
            var values = similarity.Values(items[n]);
            for (var m = 0; m < neighbors.Length; m++)
                scores[neighbors[m]] += a * values[m];
        }
        var bought = items.ToArray();
        return TopN.SelectAll(scores, k, excludeBought ? item => Array.BinarySearch(bought, item) < 0 : null);
    }
}
