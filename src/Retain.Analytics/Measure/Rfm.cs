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
        var scored = Enumerable.Range(0, n).Where(c => frequency[c] > 0).ToArray();
        var recency = scored.Select(c => (double)(int)Math.Floor((snapshot - last[c]).TotalDays)).ToArray();
        var money = scored.Select(c => (double)monetary[c]).ToArray();

        var byFrequencyThenId = scored.Select((c, i) => (c, i)).ToArray();
        Array.Sort(byFrequencyThenId, (a, b) =>
        {
            var byF = frequency[a.c].CompareTo(frequency[b.c]);
            return byF != 0 ? byF : CompareIds(data.Customers[a.c].ExternalId, data.Customers[b.c].ExternalId);
        });
        var rank = new double[scored.Length];
        for (var r = 0; r < byFrequencyThenId.Length; r++)
            rank[byFrequencyThenId[r].i] = r + 1;

        var rEdges = Quintiles.Edges(recency);
        var fEdges = Quintiles.Edges(rank);
        var mEdges = Quintiles.Edges(money);
        var customers = new RfmCustomer[scored.Length];
        for (var i = 0; i < scored.Length; i++)
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

    /// <summary>Numeric order when both ids are integers (so "999" &lt; "1000"), ordinal otherwise.</summary>
    internal static int CompareIds(string a, string b)
    {
        if (long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var x)
            && long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        return string.CompareOrdinal(a, b);
    }
}
