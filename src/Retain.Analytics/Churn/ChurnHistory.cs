namespace Retain.Analytics.Churn;

/// <summary>
/// Every customer's orders, refunds and products in time order, built once and then cut at any snapshot: features at
/// a snapshot T only ever look at what happened before T, labels only at [T, T + window).
/// </summary>
public sealed class ChurnHistory
{
    private ChurnHistory(CustomerTimeline[] customers, DateTime start, DateTime end)
    {
        Customers = customers;
        Start = start;
        End = end;
    }

    internal CustomerTimeline[] Customers { get; }

    /// <summary>Time of the first order in the data: snapshots before it have no history.</summary>
    public DateTime Start { get; }

    /// <summary>Time of the last order in the data: labels of windows ending after it are not known yet.</summary>
    public DateTime End { get; }

    public int CustomerCount => Customers.Length;

    /// <param name="lines">Purchased lines in any order; zero-amount lines count towards orders and products.</param>
    /// <param name="refunds">Refunds and returns, if the shop has them.</param>
    /// <param name="countries">Each customer's country, if known.</param>
    /// <param name="homeCountry">The shop's home country; null picks the most common country among customers.</param>
    public static ChurnHistory Create(
        IEnumerable<ChurnTransaction> lines,
        IEnumerable<ChurnRefund>? refunds = null,
        IReadOnlyDictionary<string, string>? countries = null,
        string? homeCountry = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var builders = new Dictionary<string, TimelineBuilder>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (!double.IsFinite(line.Amount))
                throw new ArgumentException($"line of order {line.OrderId} has a non-finite amount");
            if (!builders.TryGetValue(line.CustomerId, out var b))
                builders[line.CustomerId] = b = new TimelineBuilder();
            b.Add(line);
        }
        foreach (var refund in refunds ?? [])
        {
            if (builders.TryGetValue(refund.CustomerId, out var b))
                b.Refunds.Add((refund.Timestamp, refund.Amount));
        }
        if (builders.Count == 0)
            throw new ArgumentException("no purchases: there is nothing to predict from");

        homeCountry ??= countries?.Values.GroupBy(c => c, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var customers = builders.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Value.Build(kv.Key, IsHome(kv.Key)))
            .ToArray();
        return new ChurnHistory(customers, customers.Min(c => c.OrderTimes[0]), customers.Max(c => c.OrderTimes[^1]));

        float IsHome(string id) => countries is null || homeCountry is null ? float.NaN
            : countries.TryGetValue(id, out var c) ? (string.Equals(c, homeCountry, StringComparison.Ordinal) ? 1 : 0) : float.NaN;
    }

    private sealed class TimelineBuilder
    {
        private readonly Dictionary<string, (DateTime Time, double Amount)> _orders = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTime> _firstBought = new(StringComparer.Ordinal);
        public List<(DateTime Time, double Amount)> Refunds { get; } = [];

        public void Add(ChurnTransaction line)
        {
            _orders[line.OrderId] = _orders.TryGetValue(line.OrderId, out var o)
                ? (line.Timestamp < o.Time ? line.Timestamp : o.Time, o.Amount + line.Amount)
                : (line.Timestamp, line.Amount);
            if (line.Item is { } item && (!_firstBought.TryGetValue(item, out var first) || line.Timestamp < first))
                _firstBought[item] = line.Timestamp;
        }

        public CustomerTimeline Build(string id, float home)
        {
            var orders = _orders.Values.OrderBy(o => o.Time).ToArray();
            var refunds = Refunds.OrderBy(r => r.Time).ToArray();
            var items = _firstBought.Values.ToArray();
            Array.Sort(items);
            return new CustomerTimeline(id, [.. orders.Select(o => o.Time)], [.. orders.Select(o => o.Amount)],
                items, [.. refunds.Select(r => r.Time)], [.. refunds.Select(r => r.Amount)], home);
        }
    }
}

/// <summary>One customer's history, column-wise and sorted by time.</summary>
/// <param name="ItemFirstBought">When each distinct item was first bought, sorted: products before T = count below T.</param>
/// <param name="Home">1 in the home country, 0 outside it, NaN when unknown.</param>
internal sealed record CustomerTimeline(
    string Id,
    DateTime[] OrderTimes,
    double[] OrderAmounts,
    DateTime[] ItemFirstBought,
    DateTime[] RefundTimes,
    double[] RefundAmounts,
    float Home)
{
    /// <summary>Number of entries of <paramref name="times"/> strictly before <paramref name="t"/>.</summary>
    public static int CountBefore(DateTime[] times, DateTime t)
    {
        int lo = 0, hi = times.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (times[mid] < t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>Orders in [from, to).</summary>
    public int OrdersBetween(DateTime from, DateTime to) => CountBefore(OrderTimes, to) - CountBefore(OrderTimes, from);
}
