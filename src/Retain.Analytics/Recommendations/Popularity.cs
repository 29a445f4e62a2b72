namespace Retain.Analytics.Recommendations;

/// <summary>What popularity counts.</summary>
public enum PopularityMeasure
{
    /// <summary>Distinct customers who bought the item.</summary>
    Customers,
    /// <summary>Distinct baskets holding it.</summary>
    Baskets,
    /// <summary>Purchase rows (lines).</summary>
    Lines,
}

/// <summary>Item popularity over a time window of the log.</summary>
public static class Popularity
{
    /// <summary>Per item, the measure over purchases in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    public static float[] Scores(PurchaseLog log, DateTime from, DateTime until, PopularityMeasure measure)
    {
        var scores = new float[log.Items.Length];
        var seen = new HashSet<long>();
        for (var r = 0; r < log.Count; r++)
        {
            if (log.Kind[r] != InteractionKind.Purchase || log.Ticks[r] < from.Ticks || log.Ticks[r] >= until.Ticks)
                continue;
            var item = log.Item[r];
            var owner = measure switch
            {
                PopularityMeasure.Customers => log.User[r],
                PopularityMeasure.Baskets => log.Basket[r],
                _ => -1,
            };
            if (owner < 0 || seen.Add((long)owner * log.Items.Length + item))
                scores[item]++;
        }
        return scores;
    }
}
