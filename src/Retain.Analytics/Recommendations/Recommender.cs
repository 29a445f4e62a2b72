namespace Retain.Analytics.Recommendations;

/// <summary>
/// Retain's recommender: a learned blend of the customer's own repeat purchases (decayed), item-to-item similarity
/// from co-purchase weighted by their recent affinity, and recent popularity (the fallback for new customers).
/// Every recommendation carries the signal that put it there.
/// </summary>
public sealed class Recommender : ITopNRecommender
{
    private readonly float _maxTrending, _maxSeasonal;
    private readonly int[] _popular;

    private Recommender(PurchaseLog log, InteractionMatrix train, ItemSimilarity similar, ItemSimilarity together,
        float[] trending, float[] seasonal, RecommenderOptions options)
    {
        Log = log;
        Train = train;
        Similar = similar;
        Together = together;
        Trending = trending;
        Seasonal = seasonal;
        Options = options;
        ForAll = options.ForAll;
        ForNew = options.ForNew;
        Buyers = train.Purchased.Transpose();
        _maxTrending = trending.Length == 0 ? 0 : trending.Max();
        var ranking = TopN.Ranking(trending);
        _maxSeasonal = seasonal.Length == 0 ? 0 : seasonal.Max();
        var take = Math.Min(options.PopularCandidates, ranking.Length);
        // Only items someone bought in the window: an unsold item is never "popular".
        _popular = [.. ranking[..take].Union(TopN.Ranking(seasonal)[..take]).Where(i => trending[i] > 0 || seasonal[i] > 0)];
    }

    public PurchaseLog Log { get; }
    public InteractionMatrix Train { get; }
    /// <summary>Bought by the same customers.</summary>
    public ItemSimilarity Similar { get; }
    /// <summary>Bought in the same baskets.</summary>
    public ItemSimilarity Together { get; }
    /// <summary>Distinct customers per item in the trending window.</summary>
    public float[] Trending { get; }
    /// <summary>Item → customers who bought it (training window).</summary>
    public SparseRows Buyers { get; }
    /// <summary>Distinct customers per item in the same window one season lag earlier.</summary>
    public float[] Seasonal { get; }
    public RecommenderOptions Options { get; }
    public BlendWeights ForAll { get; private set; }
    public BlendWeights ForNew { get; private set; }

    /// <summary>Trains on the log's interactions before <paramref name="until"/>, learning the blend on its last weeks.</summary>
    public static Recommender Fit(PurchaseLog log, DateTime until, RecommenderOptions? options = null)
    {
        options ??= new RecommenderOptions();
        var model = Build(log, until, options);
        if (options.ValidationWindow is { } window && log.Count > 0)
        {
            var inner = Before(until, window);
            var validation = ProtocolA.Split(log, inner, until);
            if (validation.TestUsers.Length > 0)
            {
                var (all, fresh) = BlendTuner.Tune(Build(log, inner, options), validation);
                model.ForAll = all;
                model.ForNew = fresh;
            }
        }
        return model;
    }

    internal static Recommender Build(PurchaseLog log, DateTime until, RecommenderOptions options)
    {
        var train = InteractionMatrix.Build(log, until, options.Affinity);
        var similar = ItemSimilarity.Build(train.Purchased, options.Similarity, options.Neighbors);
        var together = ItemSimilarity.Build(Baskets(log, until), SimilarityKind.CoOccurrence, options.Neighbors, minTogether: 2);
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

    /// <summary>The customer's candidates and signals (a customer with no history gets the popular items only).</summary>
    public Signals Collect(int user)
    {
        var scratch = Scratch.For(Train.Items, Train.Users);
        var touched = scratch.Touched;
        touched.Clear();
        float maxRepeat = 0, maxSimilar = 0;
        if (user >= 0 && user < Train.Users)
        {
            var start = Train.Purchased.Start[user];
            var items = Train.Purchased.Row(user);
            for (var n = 0; n < items.Length; n++)
            {
                var repeat = Train.Repeats[start + n];
                scratch.Add(items[n]);
                scratch.Repeat[items[n]] = repeat;
                maxRepeat = Math.Max(maxRepeat, repeat);
                Spread(scratch, items[n], Train.Decayed[start + n]);
            }
            var soft = Train.Touched.Start[user];
            var viewed = Train.Touched.Row(user);
            for (var n = 0; n < viewed.Length; n++)
                Spread(scratch, viewed[n], Train.TouchedWeight[soft + n]);
        }
        var maxNeighbors = user >= 0 && user < Train.Users ? SpreadNeighbors(scratch, user) : 0f;
        foreach (var item in _popular)
            scratch.Add(item);
        foreach (var item in touched)
            maxSimilar = Math.Max(maxSimilar, scratch.Similar[item]);

        var count = touched.Count;
        var candidates = new int[count];
        float[] repurchase = new float[count], similar = new float[count], popular = new float[count], seasonal = new float[count],
            neighbors = new float[count];
        var source = new int[count];
        for (var c = 0; c < count; c++)
        {
            var item = touched[c];
            candidates[c] = item;
            repurchase[c] = maxRepeat > 0 ? scratch.Repeat[item] / maxRepeat : 0;
            similar[c] = maxSimilar > 0 ? scratch.Similar[item] / maxSimilar : 0;
            source[c] = scratch.Source[item];
            popular[c] = _maxTrending > 0 ? Trending[item] / _maxTrending : 0;
            seasonal[c] = _maxSeasonal > 0 ? Seasonal[item] / _maxSeasonal : 0;
            neighbors[c] = maxNeighbors > 0 ? scratch.Neighbors[item] / maxNeighbors : 0;
            scratch.Clear(item);
        }
        return new Signals(candidates, repurchase, similar, source, popular, seasonal, neighbors);
    }

    /// <summary>
    /// Finds the customers whose purchases overlap this one's most (cosine) and adds their recent, decayed purchases,
    /// weighted by similarity; returns the largest score for scaling.
    /// </summary>
    private float SpreadNeighbors(Scratch scratch, int user)
    {
        var overlap = scratch.Overlap;
        var others = scratch.Others;
        others.Clear();
        var mine = Train.Purchased.Row(user);
        foreach (var item in mine)
        {
            var buyers = Buyers.Row(item);
            // Very popular items say little about taste and cost the most: look at an even sample of their buyers.
            var step = Math.Max(1, buyers.Length / Options.MaxBuyersPerItem);
            for (var b = 0; b < buyers.Length; b += step)
            {
                var v = buyers[b];
                if (v == user)
                    continue;
                if (overlap[v]++ == 0)
                    others.Add(v);
            }
        }
        var keys = scratch.Keys;
        keys.Clear();
        foreach (var v in others)
        {
            var size = Train.Purchased.Start[v + 1] - Train.Purchased.Start[v];
            var similarity = (float)(overlap[v] / Math.Sqrt((double)mine.Length * size));
            overlap[v] = 0;
            // Strongest first, ties by customer index: the same key trick as item similarity.
            keys.Add(((long)(int.MaxValue - BitConverter.SingleToInt32Bits(similarity)) << 32) | (uint)v);
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys);
        span.Sort();
        var max = 0f;
        foreach (var key in span[..Math.Min(Options.SimilarCustomers, span.Length)])
        {
            var v = (int)(key & 0xFFFFFFFF);
            var similarity = BitConverter.Int32BitsToSingle(int.MaxValue - (int)(key >> 32));
            var start = Train.Purchased.Start[v];
            var items = Train.Purchased.Row(v);
            for (var n = 0; n < items.Length; n++)
            {
                scratch.Add(items[n]);
                var score = scratch.Neighbors[items[n]] += similarity * Train.Decayed[start + n];
                max = Math.Max(max, score);
            }
        }
        return max;
    }

    /// <summary>Adds affinity × similarity to every neighbour of <paramref name="item"/>, remembering the strongest source.</summary>
    private void Spread(Scratch scratch, int item, float affinity)
    {
        var neighbors = Similar.Neighbors(item);
        var values = Similar.Values(item);
        for (var m = 0; m < neighbors.Length; m++)
        {
            var j = neighbors[m];
            var contribution = affinity * values[m];
            scratch.Add(j);
            scratch.Similar[j] += contribution;
            if (contribution > scratch.Strongest[j])
            {
                scratch.Strongest[j] = contribution;
                scratch.Source[j] = item;
            }
        }
    }

    int[] ITopNRecommender.Recommend(int user, int k, bool excludeBought) =>
        [.. Recommend(user, k, excludeBought).Select(r => r.Item)];

    /// <summary>Top <paramref name="k"/> for a customer (index into the log's customers, or −1 for a new customer).</summary>
    public IReadOnlyList<Recommendation> Recommend(int user, int k, bool excludeBought, Func<int, bool>? allowed = null)
    {
        var signals = Collect(user);
        var weights = excludeBought ? ForNew : ForAll;
        var bought = user >= 0 && user < Train.Users ? Train.Purchased.Row(user).ToArray() : [];
        Func<int, bool>? filter = excludeBought
            ? item => Array.BinarySearch(bought, item) < 0 && (allowed is null || allowed(item))
            : allowed;
        var top = signals.Top(weights, k, filter);
        var result = new Recommendation[top.Length];
        for (var n = 0; n < top.Length; n++)
        {
            var c = top[n];
            var reason = signals.Reason(c, weights);
            var source = reason == RecommendationReason.BecauseYouBought ? signals.Source[c] : -1;
            result[n] = new Recommendation(signals.Candidates[c], signals.Score(c, weights), reason, source);
        }
        return result;
    }

    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? _current;

        public float[] Repeat = [], Similar = [], Strongest = [], Neighbors = [];
        public int[] Overlap = [];
        public readonly List<int> Others = new(1024);
        public readonly List<long> Keys = new(1024);
        public int[] Source = [];
        private bool[] _seen = [];
        public readonly List<int> Touched = new(1024);

        public static Scratch For(int items, int users)
        {
            var s = _current ??= new Scratch();
            if (s.Overlap.Length != users)
                s.Overlap = new int[users];
            if (s.Repeat.Length != items)
            {
                s.Repeat = new float[items];
                s.Similar = new float[items];
                s.Strongest = new float[items];
                s.Neighbors = new float[items];
                s.Source = new int[items];
                s._seen = new bool[items];
                Array.Fill(s.Source, -1);
            }
            return s;
        }

        public void Add(int item)
        {
            if (_seen[item])
                return;
            _seen[item] = true;
            Touched.Add(item);
        }

        public void Clear(int item)
        {
            Repeat[item] = Similar[item] = Strongest[item] = Neighbors[item] = 0;
            Source[item] = -1;
            _seen[item] = false;
        }
    }
}
