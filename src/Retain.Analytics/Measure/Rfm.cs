using System.Runtime.CompilerServices;
using System.Globalization;
using Retain.Analytics.Data;

namespace Retain.Analytics.Measure;

/// <summary>One customer's RFM: recency in whole days, distinct orders, gross revenue, and the 1–5 scores (5 best).</summary>
public sealed record RfmCustomer(
    int Customer,
    string ExternalId,
    int RecencyDays,
    int Frequency,
    decimal Monetary,
    int R,
    int F,
    int M,
    RfmSegment Segment)
{
    public string Score => string.Create(CultureInfo.InvariantCulture, $"{R}{F}{M}");
}

/// <summary>RFM of every customer with an order before the snapshot, the quintile edges and a per-segment summary.</summary>
public sealed record RfmResult(
    DateTime Snapshot,
    IReadOnlyList<RfmCustomer> Customers,
    double[] RecencyEdges,
    double[] FrequencyRankEdges,
    double[] MonetaryEdges,
    IReadOnlyList<RfmSegmentSummary> Segments)
{
    /// <summary>Customers per R score, index 0 = R1.</summary>
    public int[] RecencyScoreCounts => [.. Enumerable.Range(1, 5).Select(r => Customers.Count(c => c.R == r))];

    /// <summary>Customers per score cell, e.g. <c>Cell(5, 5, 5)</c>.</summary>
    public int Cell(int r, int f, int m) => Customers.Count(c => c.R == r && c.F == f && c.M == m);
}

public sealed record RfmSegmentSummary(
    RfmSegment Segment,
    string Name,
    int Customers,
    double Share,
    decimal Revenue,
    double MeanRecencyDays,
    double MeanFrequency,
    decimal MeanMonetary);

public static class Rfm
{
    /// <summary>
    /// RFM at <paramref name="snapshot"/> over the orders placed before it (EVALUATION.md §1): recency = whole days
    /// from the last order to the snapshot; frequency = orders; monetary = gross revenue. R and M are quintiles of the
    /// values (R labelled 5..1, the most recent 5); F is the quintile of the frequency rank with ties broken by
    /// ascending customer id (numeric when both ids are numbers). Guests are never scored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RfmResult Score(ShopData data, DateTime snapshot)
    {
        var n = data.Customers.Count;
        var last = new DateTime[n];
        var frequency = new int[n];
        var monetary = new decimal[n];
        foreach (var o in data.Orders)
        {
            if (o.IsGuest || o.PlacedAt >= snapshot)
                continue;
            frequency[o.Customer]++;
            monetary[o.Customer] += o.Revenue;
            if (o.PlacedAt > last[o.Customer])
                last[o.Customer] = o.PlacedAt;
        }
        var scoredCount = 0;
        foreach (var f in frequency)
        {
            if (f > 0)
                scoredCount++;
        }
        var scored = new int[scoredCount];
        var recency = new double[scoredCount];
        var money = new double[scoredCount];
        for (int c = 0, i = 0; c < n; c++)
        {
            if (frequency[c] == 0)
                continue;
            scored[i] = c;
            recency[i] = (int)Math.Floor((snapshot - last[c]).TotalDays);
            money[i] = (double)monetary[c];
            i++;
        }

        // F ranks: by frequency, ties by ascending customer id; one sort of 64-bit keys (frequency, id order).
        var idOrder = IdOrder(data.Customers, scored);
        var keys = new long[scoredCount];
        var positions = new int[scoredCount];
        for (var i = 0; i < scoredCount; i++)
        {
            keys[i] = ((long)frequency[scored[i]] << 32) | (uint)idOrder[i];
            positions[i] = i;
        }
        Array.Sort(keys, positions);
        var rank = new double[scoredCount];
        for (var r = 0; r < scoredCount; r++)
            rank[positions[r]] = r + 1;

        var rEdges = Quintiles.Edges(recency);
        var fEdges = Quintiles.Edges(rank);
        var mEdges = Quintiles.Edges(money);
        var customers = new RfmCustomer[scoredCount];
        for (var i = 0; i < scoredCount; i++)
        {
            var c = scored[i];
            var r = 6 - Quintiles.Bin(recency[i], rEdges);
            var f = Quintiles.Bin(rank[i], fEdges);
            var m = Quintiles.Bin(money[i], mEdges);
            customers[i] = new RfmCustomer(c, data.Customers[c].ExternalId, (int)recency[i], frequency[c], monetary[c], r, f, m, RfmSegments.Of(r, f));
        }
        return new RfmResult(snapshot, customers, rEdges, fEdges, mEdges, Summaries(customers));
    }

    private static RfmSegmentSummary[] Summaries(RfmCustomer[] customers) =>
        [.. Enum.GetValues<RfmSegment>().Select(s =>
        {
            var members = customers.Where(c => c.Segment == s).ToList();
            return new RfmSegmentSummary(
                s,
                RfmSegments.Name(s),
                members.Count,
                customers.Length == 0 ? 0 : (double)members.Count / customers.Length,
                members.Sum(c => c.Monetary),
                members.Count == 0 ? 0 : members.Average(c => c.RecencyDays),
                members.Count == 0 ? 0 : members.Average(c => c.Frequency),
                members.Count == 0 ? 0 : members.Sum(c => c.Monetary) / members.Count);
        })];

    /// <summary>
    /// Each scored customer's position in ascending id order: numeric when every id is an integer (so "999" comes
    /// before "1000"), ordinal otherwise.
    /// </summary>
    private static int[] IdOrder(IReadOnlyList<CustomerFact> customers, int[] scored)
    {
        var order = new int[scored.Length];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        var numeric = new long[scored.Length];
        var allNumeric = true;
        for (var i = 0; i < scored.Length && allNumeric; i++)
            allNumeric = long.TryParse(customers[scored[i]].ExternalId, NumberStyles.None, CultureInfo.InvariantCulture, out numeric[i]);
        if (allNumeric)
            Array.Sort((long[])numeric.Clone(), order);
        else
            Array.Sort(order, (a, b) => string.CompareOrdinal(customers[scored[a]].ExternalId, customers[scored[b]].ExternalId));
        var position = new int[scored.Length];
        for (var p = 0; p < order.Length; p++)
            position[order[p]] = p;
        return position;
    }
}
