using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Retain.Analytics.Recommendations;

/// <summary>Gathering one customer's candidates and raw signals into the thread's scratch arrays.</summary>
public sealed partial class Recommender
{
    /// <summary>Multipliers that scale each signal to [0, 1] for one customer (0 when the signal is empty).</summary>
    private readonly record struct Scale(float Repeat, float Similar, float Popular, float Seasonal, float Neighbors);

    /// <summary>Fills the thread's scratch with the customer's candidates and raw signals; the caller releases it.</summary>
    private Scale Gather(int user, RecommenderScratch scratch)
    {
        var known = user >= 0 && user < Train.Users;
        // A customer whose neighbourhoods cover a good part of the catalogue is cheaper to scan item by item afterwards
        // than to track item by item while adding (the common case on a small catalogue; never on a huge one).
        scratch.Begin(user, scan: known && SpreadLength(user) * 2 >= Train.Items);
        var maxRepeat = 0f;
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
        var maxSimilar = 0f;
        if (scratch.Scan)
        {
            foreach (var value in scratch.Similar)
                maxSimilar = Math.Max(maxSimilar, value);
        }
        else
        {
            foreach (var item in scratch.Touched)
                maxSimilar = Math.Max(maxSimilar, scratch.Similar[item]);
        }
        return new Scale(Inverse(maxRepeat), Inverse(maxSimilar), Inverse(_maxTrending), Inverse(_maxSeasonal), Inverse(maxNeighbors));
    }

    private static float Inverse(float max) => max > 0 ? 1f / max : 0f;

    /// <summary>How many similarity entries the customer's bought and viewed items spread over.</summary>
    private long SpreadLength(int user)
    {
        long length = 0;
        foreach (var item in Train.Purchased.Row(user))
            length += Similar.Start[item + 1] - Similar.Start[item];
        foreach (var item in Train.Touched.Row(user))
            length += Similar.Start[item + 1] - Similar.Start[item];
        return length;
    }

    /// <summary>Adds affinity × similarity to every neighbour of <paramref name="item"/>.</summary>
    private void Spread(RecommenderScratch scratch, int item, float affinity)
    {
        var from = Similar.Start[item];
        var length = Similar.Start[item + 1] - from;
        var values = Similar.Value.AsSpan(from, length);
        ref var sums = ref MemoryMarshal.GetArrayDataReference(scratch.Similar);
        if (scratch.Scan && _neighbor16 is not null)
        {
            // The hot loop of scoring: 2-byte item numbers halve what streams through the cache.
            var neighbors = _neighbor16.AsSpan(from, length);
            for (var m = 0; m < neighbors.Length; m++)
                Unsafe.Add(ref sums, neighbors[m]) += affinity * values[m];
            return;
        }
        var wide = Similar.Neighbor.AsSpan(from, length);
        for (var m = 0; m < wide.Length; m++)
        {
            scratch.Add(wide[m]);
            scratch.Similar[wide[m]] += affinity * values[m];
        }
    }

    /// <summary>
    /// The bought (or viewed) item that contributed most to <paramref name="item"/>'s similarity signal, the first in
    /// purchase-row order on a tie; −1 when none did. Only asked for the few items a customer is shown.
    /// </summary>
    private int StrongestSource(int user, int item)
    {
        if (user < 0 || user >= Train.Users)
            return -1;
        var source = -1;
        var strongest = 0f;
        void Offer(int bought, float affinity)
        {
            var at = Similar.Neighbors(bought).BinarySearch(item);
            var contribution = at >= 0 ? affinity * Similar.Values(bought)[at] : 0f;
            if (contribution > strongest)
                (strongest, source) = (contribution, bought);
        }
        var start = Train.Purchased.Start[user];
        var items = Train.Purchased.Row(user);
        for (var n = 0; n < items.Length; n++)
            Offer(items[n], Train.Decayed[start + n]);
        var soft = Train.Touched.Start[user];
        var viewed = Train.Touched.Row(user);
        for (var n = 0; n < viewed.Length; n++)
            Offer(viewed[n], Train.TouchedWeight[soft + n]);
        return source;
    }
}
