namespace Retain.Analytics.Recommendations;

/// <summary>
/// Retain's recommender: a learned blend of the customer's own repeat purchases (decayed), item-to-item similarity
/// from co-purchase weighted by their recent affinity, and recent popularity (the fallback for new customers).
/// Every recommendation carries the signal that put it there.
/// </summary>
public sealed partial class Recommender : ITopNRecommender
{
    private readonly float _maxTrending, _maxSeasonal;
    private readonly int[] _popular;
    /// <summary>The similarity's neighbour numbers in 2 bytes when the catalogue allows (the scoring loop's memory traffic).</summary>
    private readonly ushort[]? _neighbor16;
    private readonly int[] _allItems;
    /// <summary>1 / √(items bought) per customer: the cheap score that narrows the customers-like-you search.</summary>
    private readonly float[] _inverseRootSize;
    private readonly bool[] _isPopular;
    /// <summary>Items by trending (then seasonal) popularity, highest first, ties to the lower item.</summary>
    private readonly int[] _trendingRanking, _seasonalRanking;

    private readonly Lazy<ItemSimilarity> _together;

    private Recommender(PurchaseLog log, InteractionMatrix train, ItemSimilarity similar, Lazy<ItemSimilarity> together,
        float[] trending, float[] seasonal, RecommenderOptions options)
    {
        Log = log;
        Train = train;
        Similar = similar;
        _together = together;
        Trending = trending;
        Seasonal = seasonal;
        Options = options;
        ForAll = options.ForAll;
        ForNew = options.ForNew;
        Buyers = train.Purchased.Transpose();
        _maxTrending = trending.Length == 0 ? 0 : trending.Max();
        var ranking = _trendingRanking = TopN.Ranking(trending);
        _maxSeasonal = seasonal.Length == 0 ? 0 : seasonal.Max();
        var take = Math.Min(options.PopularCandidates, ranking.Length);
        // Only items someone bought in the window: an unsold item is never "popular".
        _seasonalRanking = TopN.Ranking(seasonal);
        _popular = [.. ranking[..take].Union(_seasonalRanking[..take]).Where(i => trending[i] > 0 || seasonal[i] > 0)];
        _isPopular = new bool[train.Items];
        foreach (var item in _popular)
            _isPopular[item] = true;
        _allItems = [.. Enumerable.Range(0, train.Items)];
        _inverseRootSize = new float[train.Users];
        for (var v = 0; v < train.Users; v++)
            _inverseRootSize[v] = 1f / MathF.Sqrt(Math.Max(1, train.Purchased.Start[v + 1] - train.Purchased.Start[v]));
        if (train.Items <= ushort.MaxValue + 1)
            _neighbor16 = [.. similar.Neighbor.Select(j => (ushort)j)];
    }

    public PurchaseLog Log { get; }
    public InteractionMatrix Train { get; }
    /// <summary>Bought by the same customers.</summary>
    public ItemSimilarity Similar { get; }
    /// <summary>Bought in the same baskets; built on first use (only the basket endpoint asks, never the blend).</summary>
    public ItemSimilarity Together => _together.Value;
    /// <summary>Distinct customers per item in the trending window.</summary>
    public float[] Trending { get; }
    /// <summary>Item → customers who bought it (training window).</summary>
    public SparseRows Buyers { get; }
    /// <summary>Distinct customers per item in the same window one season lag earlier.</summary>
    public float[] Seasonal { get; }
    public RecommenderOptions Options { get; }
    public BlendWeights ForAll { get; private set; }
    public BlendWeights ForNew { get; private set; }
    /// <summary>How the blend was learned (null when the options' weights were used as given).</summary>
    public BlendTuning? Tuning { get; private set; }

    /// <summary>
    /// Trains on the log's interactions before <paramref name="until"/>. The blend is <paramref name="tuned"/> when given
    /// (learned earlier and reused between retrains), else learned now by <see cref="Tune"/> (when the options ask for it).
    /// </summary>
    public static Recommender Fit(PurchaseLog log, DateTime until, RecommenderOptions? options = null, BlendTuning? tuned = null)
    {
        options ??= new RecommenderOptions();
        var model = Build(log, until, options);
        tuned ??= Tune(log, until, options);
        if (tuned is not null)
        {
            model.Tuning = tuned;
            model.ForAll = tuned.ForAll;
            model.ForNew = tuned.ForNew;
        }
        return model;
    }

    /// <summary>
    /// Learns the blend on the validation splits inside the training period (docs/models.md): the last
    /// <see cref="RecommenderOptions.ValidationWindow"/> before <paramref name="until"/> and, when it has customers, the
    /// same weeks one <see cref="RecommenderOptions.SeasonLag"/> earlier. Null when tuning is off or no split has customers.
    /// </summary>
    public static BlendTuning? Tune(PurchaseLog log, DateTime until, RecommenderOptions? options = null)
    {
        options ??= new RecommenderOptions();
        if (options.ValidationWindow is not { } window || log.Count == 0)
            return null;
        var splits = new List<(Recommender Model, ProtocolA Validation)>();
        foreach (var end in options.SeasonalValidation ? new[] { until, Before(until, options.SeasonLag) } : [until])
        {
            var inner = Before(end, window);
            var validation = ProtocolA.Split(log, inner, end);
            if (validation.TestUsers.Length > 0)
                splits.Add((Build(log, inner, options), validation));
        }
        return splits.Count == 0 ? null : BlendTuner.Tune(splits);
    }

    internal static Recommender Build(PurchaseLog log, DateTime until, RecommenderOptions options)
    {
        var train = InteractionMatrix.Build(log, until, options.Affinity);
        var similar = ItemSimilarity.Build(train.Purchased, options.Similarity, options.Neighbors);
        var together = new Lazy<ItemSimilarity>(() => ItemSimilarity.Build(Baskets(log, until), SimilarityKind.CoOccurrence, options.Neighbors, minTogether: 2));
        var trending = Popularity.Scores(log, Before(until, options.TrendingWindow), until, PopularityMeasure.Customers);
        // A shop with no sale in the window still has a best-seller list: all of its history.
        if (!trending.Any(t => t > 0))
            trending = Popularity.Scores(log, DateTime.MinValue, until, PopularityMeasure.Customers);
        var seasonStart = Before(until, options.SeasonLag);
        var seasonal = Popularity.Scores(log, seasonStart, seasonStart + options.TrendingWindow, PopularityMeasure.Customers);
        return new Recommender(log, train, similar, together, trending, seasonal, options);
    }

    private static DateTime Before(DateTime t, TimeSpan span) => t.Ticks > span.Ticks ? t - span : DateTime.MinValue;

    private static SparseRows Baskets(PurchaseLog log, DateTime until)
    {
        var rows = new List<int>(log.Count);
        var items = new List<int>(log.Count);
        var baskets = 0;
        for (var r = 0; r < log.Count; r++)
        {
            if (log.Kind[r] != InteractionKind.Purchase || log.Ticks[r] >= until.Ticks)
                continue;
            rows.Add(log.Basket[r]);
            items.Add(log.Item[r]);
            baskets = Math.Max(baskets, log.Basket[r] + 1);
        }
        return SparseRows.FromPairs(rows.ToArray(), items.ToArray(), baskets, log.Items.Length);
    }

    /// <summary>
    /// The customer's candidates and signals (a customer with no history gets the popular items only). With
    /// <paramref name="perSignal"/>, only candidates among the best that many under at least one signal are kept: the
    /// blend tuner scores thousands of weightings per customer, and an item outside every signal's head never reaches
    /// a top 10 in practice.
    /// </summary>
    public Signals Collect(int user, int perSignal = int.MaxValue)
    {
        var scratch = RecommenderScratch.For(Train.Items, Train.Users);
        var signals = ToSignals(scratch, Gather(user, scratch), perSignal);
        scratch.Release();
        return signals;
    }

    /// <summary><see cref="Collect"/> for many customers at once (in parallel, the similarity summed in blocks).</summary>
    public Signals[] CollectMany(IReadOnlyList<int> users, int perSignal = int.MaxValue)
    {
        var signals = new Signals[users.Count];
        GatherMany(users, (t, scratch, scale) => signals[t] = ToSignals(scratch, scale, perSignal));
        return signals;
    }

    private Signals ToSignals(RecommenderScratch scratch, Scale scale, int perSignal)
    {
        var all = scratch.Candidates;
        all.Clear();
        foreach (var item in Candidates(scratch))
        {
            if (IsCandidate(scratch, item))
                all.Add(item);
        }
        if (!scratch.Scan)
            all.Sort();
        var kept = all;
        if (perSignal < all.Count)
        {
            // The union of each signal's best perSignal candidates (ties to the lower item). Each signal is looked for
            // where it can be above zero; the zeros that fill a short list are the lowest candidates, in order.
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all);
            kept = scratch.Kept;
            kept.Clear();
            var bought = Train.Users > 0 && scratch.User >= 0 && scratch.User < Train.Users ? Train.Purchased.Row(scratch.User) : [];
            Mark(scratch, TopN.Select(scratch.Repeat, perSignal, bought), scratch.Repeat, span, perSignal);
            Mark(scratch, TopN.Select(scratch.Similar, perSignal, span), scratch.Similar, span, perSignal);
            Mark(scratch, Ranked(scratch, _trendingRanking, perSignal), Trending, span, perSignal);
            Mark(scratch, Ranked(scratch, _seasonalRanking, perSignal), Seasonal, span, perSignal);
            Mark(scratch, TopN.Select(scratch.Neighbors, perSignal, span), scratch.Neighbors, span, perSignal);
            kept.Sort();
            foreach (var item in kept)
                scratch.Marked[item] = false;
        }
        var count = kept.Count;
        var candidates = new int[count];
        float[] repurchase = new float[count], similar = new float[count], popular = new float[count], seasonal = new float[count],
            neighbors = new float[count];
        for (var c = 0; c < count; c++)
        {
            var item = kept[c];
            candidates[c] = item;
            repurchase[c] = scratch.Repeat[item] * scale.Repeat;
            similar[c] = scratch.Similar[item] * scale.Similar;
            popular[c] = Trending[item] * scale.Popular;
            seasonal[c] = Seasonal[item] * scale.Seasonal;
            neighbors[c] = scratch.Neighbors[item] * scale.Neighbors;
        }
        return new Signals(candidates, repurchase, similar, popular, seasonal, neighbors);
    }

    /// <summary>The first <paramref name="k"/> candidates of a precomputed ranking (score, then item): the best k among them.</summary>
    private int[] Ranked(RecommenderScratch scratch, int[] ranking, int k)
    {
        var best = new List<int>(k);
        for (var r = 0; r < ranking.Length && best.Count < k; r++)
        {
            if (IsCandidate(scratch, ranking[r]))
                best.Add(ranking[r]);
        }
        return [.. best];
    }

    /// <summary>
    /// Adds a signal's best to the union: <paramref name="best"/> holds its best candidates above zero; when fewer than
    /// <paramref name="k"/>, the lowest candidates scoring zero fill the rest (what selecting among all of them gives).
    /// </summary>
    private static void Mark(RecommenderScratch scratch, int[] best, float[] scores, ReadOnlySpan<int> ascending, int k)
    {
        var taken = 0;
        foreach (var item in best)
        {
            if (scores[item] <= 0)
                break;
            Keep(scratch, item);
            taken++;
        }
        for (var c = 0; c < ascending.Length && taken < k; c++)
        {
            if (scores[ascending[c]] > 0)
                continue;
            Keep(scratch, ascending[c]);
            taken++;
        }
    }

    private static void Keep(RecommenderScratch scratch, int item)
    {
        if (scratch.Marked[item])
            return;
        scratch.Marked[item] = true;
        scratch.Kept.Add(item);
    }

    int[] ITopNRecommender.Recommend(int user, int k, bool excludeBought) =>
        [.. Recommend(user, k, excludeBought).Select(r => r.Item)];

    /// <summary>Both protocol variants from one gathering of the customer's signals.</summary>
    (int[] All, int[]? New) ITopNRecommender.RecommendBoth(int user, int k, bool withNew)
    {
        var scratch = RecommenderScratch.For(Train.Items, Train.Users);
        var both = Both(user, scratch, Gather(user, scratch), k, withNew);
        scratch.Release();
        return both;
    }

    (int[] All, int[]? New)[] ITopNRecommender.RecommendBothMany(int[] users, int k, bool[] withNew)
    {
        var result = new (int[] All, int[]? New)[users.Length];
        GatherMany(users, (t, scratch, scale) => result[t] = Both(users[t], scratch, scale, k, withNew[t]));
        return result;
    }

    private (int[] All, int[]? New) Both(int user, RecommenderScratch scratch, Scale scale, int k, bool withNew)
    {
        var all = Pick(user, scratch, scale, ForAll, k, excludeBought: false, null, withSources: false).Select(r => r.Item).ToArray();
        var fresh = withNew ? Pick(user, scratch, scale, ForNew, k, excludeBought: true, null, withSources: false).Select(r => r.Item).ToArray() : null;
        return (all, fresh);
    }

    /// <summary>Top <paramref name="k"/> for a customer (index into the log's customers, or −1 for a new customer).</summary>
    public IReadOnlyList<Recommendation> Recommend(int user, int k, bool excludeBought, Func<int, bool>? allowed = null)
    {
        var scratch = RecommenderScratch.For(Train.Items, Train.Users);
        var scale = Gather(user, scratch);
        var result = Pick(user, scratch, scale, excludeBought ? ForNew : ForAll, k, excludeBought, allowed, withSources: true);
        scratch.Release();
        return result;
    }
}
