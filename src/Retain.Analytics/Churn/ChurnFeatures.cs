using Retain.Analytics.Clv;

namespace Retain.Analytics.Churn;

/// <summary>
/// Builds the features of every customer at a snapshot T from what happened strictly before T, including the outputs
/// of a BG/NBD purchase model fitted on that same history, and the label "no order in [T, T + window)".
/// </summary>
public static class ChurnFeatures
{
    public static readonly int Count = Enum.GetValues<ChurnFeature>().Length;

    private const double DaysPerWeek = 7;

    /// <summary>Features at <paramref name="time"/> for every customer with an order before it.</summary>
    public static ChurnSnapshot Build(ChurnHistory history, DateTime time, TimeSpan window)
    {
        if (window <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(window), "the churn window must be positive");
        var population = new List<int>();
        for (var c = 0; c < history.Customers.Length; c++)
        {
            if (history.Customers[c].OrderTimes[0] < time)
                population.Add(c);
        }
        var rows = new float[population.Count * Count];
        var summaries = new CustomerSummary[population.Count];
        var lastYear = time.AddDays(-365) >= history.Start.Date;
        for (var i = 0; i < population.Count; i++)
        {
            var row = rows.AsSpan(i * Count, Count);
            summaries[i] = Fill(history.Customers[population[i]], time, window, lastYear, row);
        }
        AddPurchaseModel(summaries, window, rows);
        var ids = population.Select(c => history.Customers[c].Id).ToArray();
        return new ChurnSnapshot(time, window, ids, [.. population], rows);
    }

    /// <summary>1 when the customer of each row placed no order in [T, T + window), else 0.</summary>
    /// <exception cref="ArgumentException">The window ends after the last order in the data, so labels are unknown.</exception>
    public static bool[] Labels(ChurnHistory history, ChurnSnapshot snapshot)
    {
        var end = snapshot.Time + snapshot.Window;
        if (end > history.End)
            throw new ArgumentException($"the label window of {snapshot.Time:yyyy-MM-dd} ends after the data ({history.End:yyyy-MM-dd})");
        return [.. snapshot.Customers.Select(c => history.Customers[c].OrdersBetween(snapshot.Time, end) == 0)];
    }

    private static CustomerSummary Fill(CustomerTimeline c, DateTime t, TimeSpan window, bool lastYear, Span<float> row)
    {
        var n = CustomerTimeline.CountBefore(c.OrderTimes, t);
        var first = c.OrderTimes[0];
        var last = c.OrderTimes[n - 1];
        double monetary = 0;
        for (var k = 0; k < n; k++)
            monetary += c.OrderAmounts[k];
        var recency = (t - last).TotalDays;
        var tenure = (t - first).TotalDays;

        // Gaps between distinct purchase days: two orders on one day are one visit.
        var days = DistinctDays(c.OrderTimes.AsSpan(0, n));
        double meanGap = double.NaN, lastGap = double.NaN;
        if (days.Count >= 2)
        {
            meanGap = (days[^1] - days[0]) / (double)(days.Count - 1);
            lastGap = days[^1] - days[^2];
        }
        var orders90 = c.OrdersBetween(t.AddDays(-90), t);
        // Share of orders in the last 90 days over the share expected at a steady rate (1 = steady, < 1 = slowing).
        var trend = tenure > 90 ? orders90 / (double)n / (90 / tenure) : double.NaN;
        var refunds = CustomerTimeline.CountBefore(c.RefundTimes, t);
        double refunded = 0;
        for (var k = 0; k < refunds; k++)
            refunded += c.RefundAmounts[k];

        row[(int)ChurnFeature.RecencyDays] = (float)recency;
        row[(int)ChurnFeature.Orders] = n;
        row[(int)ChurnFeature.Monetary] = (float)monetary;
        row[(int)ChurnFeature.MeanOrderValue] = (float)(monetary / n);
        row[(int)ChurnFeature.TenureDays] = (float)tenure;
        row[(int)ChurnFeature.DistinctProducts] = CustomerTimeline.CountBefore(c.ItemFirstBought, t);
        row[(int)ChurnFeature.OrdersLast30Days] = c.OrdersBetween(t.AddDays(-30), t);
        row[(int)ChurnFeature.OrdersLast90Days] = orders90;
        row[(int)ChurnFeature.OrdersLast180Days] = c.OrdersBetween(t.AddDays(-180), t);
        row[(int)ChurnFeature.MeanGapDays] = (float)meanGap;
        row[(int)ChurnFeature.LastGapDays] = (float)lastGap;
        row[(int)ChurnFeature.RecencyOverMeanGap] = (float)(recency / meanGap);
        row[(int)ChurnFeature.RecentTrend] = (float)trend;
        row[(int)ChurnFeature.Refunds] = refunds;
        row[(int)ChurnFeature.RefundShare] = monetary > 0 ? (float)(refunded / monetary) : 0;
        row[(int)ChurnFeature.HomeCountry] = c.Home;
        // Seasonal shops: whether the customer bought in the coming window one year ago.
        row[(int)ChurnFeature.OrdersSameWindowLastYear] = lastYear
            ? c.OrdersBetween(t.AddDays(-365), t.AddDays(-365) + window) : float.NaN;

        // BG/NBD summary in weeks, measured to the snapshot day.
        var firstDay = first.Date;
        return new CustomerSummary(
            days.Count - 1,
            (days[^1] - days[0]) / DaysPerWeek,
            (t.Date - firstDay).TotalDays / DaysPerWeek);
    }

    private static List<int> DistinctDays(ReadOnlySpan<DateTime> times)
    {
        var days = new List<int>(times.Length);
        foreach (var time in times)
        {
            var d = DateOnly.FromDateTime(time).DayNumber;
            if (days.Count == 0 || days[^1] != d)
                days.Add(d);
        }
        return days;
    }

    /// <summary>
    /// The BG/NBD (x, t_x, T) summaries in weeks of the snapshot's population, in row order: repeat purchase days
    /// before T, last and first purchase days, ages measured to the snapshot day.
    /// </summary>
    public static CustomerSummary[] PurchaseSummaries(ChurnHistory history, ChurnSnapshot snapshot)
    {
        Span<float> scratch = stackalloc float[Count];
        var result = new CustomerSummary[snapshot.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = Fill(history.Customers[snapshot.Customers[i]], snapshot.Time, snapshot.Window, false, scratch);
        return result;
    }

    private static void AddPurchaseModel(CustomerSummary[] summaries, TimeSpan window, float[] rows)
    {
        var model = TryFit(summaries);
        var horizon = window.TotalDays / DaysPerWeek;
        for (var i = 0; i < summaries.Length; i++)
        {
            var row = rows.AsSpan(i * Count, Count);
            row[(int)ChurnFeature.ModelProbabilityAlive] = model is null ? float.NaN : (float)model.ProbabilityAlive(summaries[i]);
            row[(int)ChurnFeature.ModelProbabilityNoPurchase] = model is null ? float.NaN : (float)model.ProbabilityNoPurchase(summaries[i], horizon);
            row[(int)ChurnFeature.ModelExpectedPurchases] = model is null ? float.NaN : (float)model.ExpectedPurchases(summaries[i], horizon);
        }
    }

    /// <summary>BG/NBD on the snapshot's history; null when there is too little history to fit (the features go missing).</summary>
    internal static BgNbdModel? TryFit(ReadOnlySpan<CustomerSummary> summaries)
    {
        try
        {
            // The weak prior keeps short early histories from running b off to 0, which also makes those fits slow.
            return BgNbdModel.Fit(summaries, new ClvFitOptions { Prior = ClvPrior.Weak, MaxIterations = 200 });
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
