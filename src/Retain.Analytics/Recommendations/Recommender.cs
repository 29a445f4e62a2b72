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
                model.Tuning = BlendTuner.Tune(Build(log, inner, options), validation);
                model.ForAll = model.Tuning.ForAll;
                model.ForNew = model.Tuning.ForNew;
            }
        }
        return model;
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
        var scratch = Scratch.For(Train.Items, Train.Users, withSources: perSignal == int.MaxValue);
        var scale = Gather(user, scratch);
        var touched = scratch.Touched;
        var kept = touched;
        if (perSignal < touched.Count)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(touched);
            var union = new HashSet<int>();
            union.UnionWith(TopN.Select(scratch.Repeat, perSignal, span));
            union.UnionWith(TopN.Select(scratch.Similar, perSignal, span));
            union.UnionWith(TopN.Select(Trending, perSignal, span));
            union.UnionWith(TopN.Select(Seasonal, perSignal, span));
            union.UnionWith(TopN.Select(scratch.Neighbors, perSignal, span));
            kept = [.. union.Order()];
        }
        var count = kept.Count;
        var candidates = new int[count];
        float[] repurchase = new float[count], similar = new float[count], popular = new float[count], seasonal = new float[count],
            neighbors = new float[count];
        var source = new int[count];
        for (var c = 0; c < count; c++)
        {
            var item = kept[c];
            candidates[c] = item;
            repurchase[c] = scratch.Repeat[item] * scale.Repeat;
            similar[c] = scratch.Similar[item] * scale.Similar;
            source[c] = scratch.Source[item];
            popular[c] = Trending[item] * scale.Popular;
            seasonal[c] = Seasonal[item] * scale.Seasonal;
            neighbors[c] = scratch.Neighbors[item] * scale.Neighbors;
        }
        scratch.Release();
        return new Signals(candidates, repurchase, similar, source, popular, seasonal, neighbors);
    }

    /// <summary>Multipliers that scale each signal to [0, 1] for one customer (0 when the signal is empty).</summary>
    private readonly record struct Scale(float Repeat, float Similar, float Popular, float Seasonal, float Neighbors);

    /// <summary>Fills the thread's scratch with the customer's candidates and raw signals; the caller releases it.</summary>
    private Scale Gather(int user, Scratch scratch)
    {
        float maxRepeat = 0, maxSimilar = 0;
        var known = user >= 0 && user < Train.Users;
        if (known)
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
        var maxNeighbors = known ? SpreadNeighbors(scratch, user) : 0f;
        foreach (var item in _popular)
            scratch.Add(item);
        foreach (var item in scratch.Touched)
            maxSimilar = Math.Max(maxSimilar, scratch.Similar[item]);
        return new Scale(Inverse(maxRepeat), Inverse(maxSimilar), Inverse(_maxTrending), Inverse(_maxSeasonal), Inverse(maxNeighbors));
    }

    private static float Inverse(float max) => max > 0 ? 1f / max : 0f;

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
        if (span.Length > Options.SimilarCustomers)
            span = TopN.Smallest(span, Options.SimilarCustomers);
        var max = 0f;
        foreach (var key in span)
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
        if (!scratch.WithSources)
        {
            // Scoring alone (tuning, evaluation, export) needs no reason: the tight loop.
            for (var m = 0; m < neighbors.Length; m++)
            {
                var j = neighbors[m];
                scratch.Add(j);
                scratch.Similar[j] += affinity * values[m];
            }
            return;
        }
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

    /// <summary>Both protocol variants from one gathering of the customer's signals.</summary>
    (int[] All, int[]? New) ITopNRecommender.RecommendBoth(int user, int k, bool withNew)
    {
        var scratch = Scratch.For(Train.Items, Train.Users, withSources: false);
        var scale = Gather(user, scratch);
        var all = Pick(user, scratch, scale, ForAll, k, excludeBought: false, null).Select(r => r.Item).ToArray();
        var fresh = withNew ? Pick(user, scratch, scale, ForNew, k, excludeBought: true, null).Select(r => r.Item).ToArray() : null;
        scratch.Release();
        return (all, fresh);
    }

    /// <summary>Top <paramref name="k"/> for a customer (index into the log's customers, or −1 for a new customer).</summary>
    public IReadOnlyList<Recommendation> Recommend(int user, int k, bool excludeBought, Func<int, bool>? allowed = null)
    {
        var scratch = Scratch.For(Train.Items, Train.Users, withSources: true);
        var scale = Gather(user, scratch);
        var result = Pick(user, scratch, scale, excludeBought ? ForNew : ForAll, k, excludeBought, allowed);
        scratch.Release();
        return result;
    }

    /// <summary>The best <paramref name="k"/> gathered candidates under a blend, scored straight from the scratch arrays.</summary>
    private Recommendation[] Pick(int user, Scratch scratch, Scale scale, BlendWeights w, int k, bool excludeBought, Func<int, bool>? allowed)
    {
        var bought = excludeBought && user >= 0 && user < Train.Users ? Train.Purchased.Row(user) : [];
        float wr = w.Repurchase * scale.Repeat, ws = w.Similar * scale.Similar, wp = w.Popular * scale.Popular,
            wq = w.Seasonal * scale.Seasonal, wn = w.Neighbors * scale.Neighbors;
        var best = new (float Score, int Item)[k];
        var n = 0;
        foreach (var item in scratch.Touched)
        {
            var score = wr * scratch.Repeat[item] + ws * scratch.Similar[item] + wp * Trending[item] + wq * Seasonal[item] + wn * scratch.Neighbors[item];
            if (n == k && !Better(score, item, best[k - 1]))
                continue;
            if ((bought.Length > 0 && bought.BinarySearch(item) >= 0) || (allowed is not null && !allowed(item)))
                continue;
            var at = n < k ? n++ : k - 1;
            while (at > 0 && Better(score, item, best[at - 1]))
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = (score, item);
        }
        var result = new Recommendation[n];
        for (var r = 0; r < n; r++)
        {
            var item = best[r].Item;
            var reason = Reason(wr * scratch.Repeat[item], ws * scratch.Similar[item], wp * Trending[item],
                wq * Seasonal[item] + wn * scratch.Neighbors[item]);
            var source = reason == RecommendationReason.BecauseYouBought ? scratch.Source[item] : -1;
            result[r] = new Recommendation(item, best[r].Score, reason, source);
        }
        return result;
    }

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

    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? _current;

        public float[] Repeat = [], Similar = [], Strongest = [], Neighbors = [];
        /// <summary>Track which bought item contributed most to each candidate (for reasons).</summary>
        public bool WithSources = true;
        public int[] Overlap = [];
        public readonly List<int> Others = new(1024);
        public readonly List<long> Keys = new(1024);
        public int[] Source = [];
        private bool[] _seen = [];
        public readonly List<int> Touched = new(1024);

        public static Scratch For(int items, int users, bool withSources)
        {
            var s = _current ??= new Scratch();
            s.WithSources = withSources;
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

        /// <summary>Zeroes what the last customer touched, ready for the next.</summary>
        public void Release()
        {
            foreach (var item in Touched)
            {
                Repeat[item] = Similar[item] = Strongest[item] = Neighbors[item] = 0;
                Source[item] = -1;
                _seen[item] = false;
            }
            Touched.Clear();
        }
    }
}
