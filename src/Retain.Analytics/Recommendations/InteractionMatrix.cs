namespace Retain.Analytics.Recommendations;

/// <summary>How interactions become affinity: kind weights and the half-life of the time decay.</summary>
public sealed record AffinityOptions
{
    public float CartWeight { get; init; } = 0.3f;
    public float ViewWeight { get; init; } = 0.1f;
    /// <summary>Half-life of the decayed affinity; null means no decay (every basket counts 1).</summary>
    public TimeSpan? HalfLife { get; init; } = TimeSpan.FromDays(30);
    /// <summary>Half-life of <see cref="InteractionMatrix.Repeats"/>: buying again fades slower than taste.</summary>
    public TimeSpan RepeatHalfLife { get; init; } = TimeSpan.FromDays(180);
}

/// <summary>
/// The user × item interaction matrix of a training window, in compressed rows: per (user, item) the number of distinct
/// purchase baskets, their time-decayed sum (plus weighted views and carts), and the last purchase time.
/// </summary>
public sealed class InteractionMatrix
{
    public required SparseRows Purchased { get; init; }
    /// <summary>Distinct purchase baskets per entry of <see cref="Purchased"/>.</summary>
    public required float[] Baskets { get; init; }
    /// <summary>Purchase rows per entry (exact repeats included), for baselines that count lines.</summary>
    public required float[] Lines { get; init; }
    /// <summary>Σ 0.5^(age / half-life) over the purchase baskets, plus weighted views and carts.</summary>
    public required float[] Decayed { get; init; }
    public required long[] LastTicks { get; init; }
    /// <summary>Σ 0.5^(age / repeat half-life) over the purchase baskets: how strongly the customer buys it again.</summary>
    public required float[] Repeats { get; init; }
    /// <summary>Users with views or carts but no purchase of an item keep them here (user → items).</summary>
    public required SparseRows Touched { get; init; }
    public required float[] TouchedWeight { get; init; }
    public required long Now { get; init; }

    public int Users => Purchased.Rows;
    public int Items => Purchased.Columns;

    /// <summary>Builds the matrix from the log's rows with time before <paramref name="until"/>.</summary>
    public static InteractionMatrix Build(PurchaseLog log, DateTime until, AffinityOptions options)
    {
        // Bucket rows by user (counting sort), then order each user's rows by (item, basket) on one long key, so each
        // pair's baskets are adjacent and repeated rows collapse.
        var userCount = log.Customers.Length;
        var start = new int[userCount + 1];
        for (var r = 0; r < log.Count; r++)
        {
            if (log.Ticks[r] < until.Ticks)
                start[log.User[r] + 1]++;
        }
        for (var u = 0; u < userCount; u++)
            start[u + 1] += start[u];
        var fill = start[..^1];
        var order = new int[start[userCount]];
        var keys = new (long Pair, int Basket)[order.Length];
        var itemKeys = new long[order.Length];
        for (var r = 0; r < log.Count; r++)
        {
            if (log.Ticks[r] < until.Ticks)
            {
                var at = fill[log.User[r]]++;
                order[at] = r;
                itemKeys[at] = ((long)log.Item[r] << 32) | (uint)log.Basket[r];
            }
        }
        long items = log.Items.Length;
        for (var u = 0; u < userCount; u++)
        {
            var length = start[u + 1] - start[u];
            itemKeys.AsSpan(start[u], length).Sort(order.AsSpan(start[u], length));
        }
        for (var k = 0; k < order.Length; k++)
            keys[k] = (log.User[order[k]] * items + (itemKeys[k] >> 32), (int)(itemKeys[k] & 0xFFFFFFFF));

        var decays = new Decays(until.Ticks, options.HalfLife?.Ticks ?? 0L, options.RepeatHalfLife.Ticks);
        var repeats = new List<float>();
        var pairUsers = new List<int>();
        var pairItems = new List<int>();
        var baskets = new List<float>();
        var lines = new List<float>();
        var decayed = new List<float>();
        var last = new List<long>();
        var touchedUsers = new List<int>();
        var touchedItems = new List<int>();
        var touchedWeight = new List<float>();
        for (var k = 0; k < keys.Length;)
        {
            var end = k;
            while (end < keys.Length && keys[end].Pair == keys[k].Pair)
                end++;
            float count = 0, decay = 0, soft = 0, purchaseRows = 0, repeat = 0;
            long lastTicks = 0;
            for (var j = k; j < end; j++)
            {
                var row = order[j];
                if (log.Kind[row] == InteractionKind.Purchase)
                    purchaseRows++;
                if (j > k && keys[j].Basket == keys[j - 1].Basket && log.Kind[row] == log.Kind[order[j - 1]])
                    continue;
                var (weight, fade) = decays.Of(log.Ticks[row]);
                switch (log.Kind[row])
                {
                    case InteractionKind.Purchase:
                        count++;
                        decay += weight;
                        repeat += fade;
                        lastTicks = Math.Max(lastTicks, log.Ticks[row]);
                        break;
                    case InteractionKind.Cart:
                        soft += options.CartWeight * weight;
                        break;
                    default:
                        soft += options.ViewWeight * weight;
                        break;
                }
            }
            var user = (int)(keys[k].Pair / items);
            var item = (int)(keys[k].Pair % items);
            if (count > 0)
            {
                pairUsers.Add(user);
                pairItems.Add(item);
                baskets.Add(count);
                lines.Add(purchaseRows);
                repeats.Add(repeat);
                decayed.Add(decay + soft);
                last.Add(lastTicks);
            }
            else
            {
                touchedUsers.Add(user);
                touchedItems.Add(item);
                touchedWeight.Add(soft);
            }
            k = end;
        }
        // Pairs come out sorted by (user, item), so compressed rows keep the values aligned.
        return new InteractionMatrix
        {
            Purchased = SparseRows.FromPairs(pairUsers.ToArray(), pairItems.ToArray(), log.Customers.Length, log.Items.Length),
            Baskets = [.. baskets],
            Lines = [.. lines],
            Decayed = [.. decayed],
            LastTicks = [.. last],
            Repeats = [.. repeats],
            Touched = SparseRows.FromPairs(touchedUsers.ToArray(), touchedItems.ToArray(), log.Customers.Length, log.Items.Length),
            TouchedWeight = [.. touchedWeight],
            Now = until.Ticks,
        };
    }

    /// <summary>
    /// The two decay weights of an interaction, 0.5^(age / half-life), remembered by time in a small direct-mapped
    /// cache (a basket's rows share a time, and a customer's baskets recur item after item): two <c>Math.Pow</c> per
    /// distinct time seen instead of per row, the same values, bounded memory.
    /// </summary>
    private sealed class Decays(long until, long halfLife, long repeatHalfLife)
    {
        private const int Slots = 1 << 12;
        private readonly long[] _ticks = Filled();
        private readonly float[] _weight = new float[Slots];
        private readonly float[] _fade = new float[Slots];

        public (float Weight, float Fade) Of(long ticks)
        {
            var slot = (int)((ulong)(ticks * -7046029254386353131L) >> 52);
            if (_ticks[slot] == ticks)
                return (_weight[slot], _fade[slot]);
            var weight = halfLife > 0 ? (float)Math.Pow(0.5, (until - ticks) / (double)halfLife) : 1f;
            var fade = (float)Math.Pow(0.5, (until - ticks) / (double)repeatHalfLife);
            (_ticks[slot], _weight[slot], _fade[slot]) = (ticks, weight, fade);
            return (weight, fade);
        }

        private static long[] Filled()
        {
            var ticks = new long[Slots];
            Array.Fill(ticks, long.MinValue);
            return ticks;
        }
    }
}
