using System.Globalization;

namespace Retain.Analytics.Churn;

/// <summary>Turns the trees' per-feature contributions into the few sentences a marketer reads beside a score.</summary>
internal static class ChurnReasons
{
    /// <summary>The features that push this customer's score up most (towards churn), strongest first.</summary>
    public static ChurnReason[] Top(ReadOnlySpan<float> row, ReadOnlySpan<float> contributions, int count, TimeSpan window)
    {
        var order = new List<int>();
        for (var f = 0; f < contributions.Length; f++)
        {
            if (contributions[f] > 0)
                order.Add(f);
        }
        var c = contributions.ToArray();
        var values = row.ToArray();
        order.Sort((x, y) => c[y].CompareTo(c[x]) is var k && k != 0 ? k : x.CompareTo(y));
        var result = new ChurnReason[Math.Min(count, order.Count)];
        for (var i = 0; i < result.Length; i++)
        {
            var f = (ChurnFeature)order[i];
            result[i] = new ChurnReason(f, c[order[i]], Describe(f, values, window));
        }
        return result;
    }

    /// <summary>A sentence about the customer's value of <paramref name="feature"/>.</summary>
    public static string Describe(ChurnFeature feature, float[] row, TimeSpan window)
    {
        float V(ChurnFeature f) => row[(int)f];
        var days = window.TotalDays.ToString("0", CultureInfo.InvariantCulture);
        return feature switch
        {
            ChurnFeature.RecencyDays or ChurnFeature.RecencyOverMeanGap => float.IsNaN(V(ChurnFeature.RecencyOverMeanGap))
                ? F($"no order for {V(ChurnFeature.RecencyDays):0} days, and only one visit so far")
                : F($"no order for {V(ChurnFeature.RecencyDays):0} days, {V(ChurnFeature.RecencyOverMeanGap):0.#}× their usual gap of {V(ChurnFeature.MeanGapDays):0} days"),
            ChurnFeature.Orders => V(ChurnFeature.Orders) == 1 ? "a single order so far" : F($"only {V(ChurnFeature.Orders):0} orders so far"),
            ChurnFeature.Monetary => F($"spent {V(ChurnFeature.Monetary):0.00} in all"),
            ChurnFeature.MeanOrderValue => F($"orders worth {V(ChurnFeature.MeanOrderValue):0.00} on average"),
            ChurnFeature.TenureDays => F($"first order {V(ChurnFeature.TenureDays):0} days ago"),
            ChurnFeature.DistinctProducts => F($"bought {V(ChurnFeature.DistinctProducts):0} different products"),
            ChurnFeature.OrdersLast30Days => Count(V(ChurnFeature.OrdersLast30Days), "the last 30 days"),
            ChurnFeature.OrdersLast90Days => Count(V(ChurnFeature.OrdersLast90Days), "the last 90 days"),
            ChurnFeature.OrdersLast180Days => Count(V(ChurnFeature.OrdersLast180Days), "the last 180 days"),
            ChurnFeature.MeanGapDays => float.IsNaN(V(ChurnFeature.MeanGapDays))
                ? "no repeat order yet" : F($"orders every {V(ChurnFeature.MeanGapDays):0} days on average"),
            ChurnFeature.LastGapDays => float.IsNaN(V(ChurnFeature.LastGapDays))
                ? "no repeat order yet" : F($"waited {V(ChurnFeature.LastGapDays):0} days between their last two orders"),
            ChurnFeature.RecentTrend => float.IsNaN(V(ChurnFeature.RecentTrend))
                ? "too new to show a trend" : F($"ordering at {V(ChurnFeature.RecentTrend):0.##}× their usual rate over the last 90 days"),
            ChurnFeature.Refunds or ChurnFeature.RefundShare => V(ChurnFeature.Refunds) == 0
                ? "no returns" : F($"{V(ChurnFeature.Refunds):0} return{(V(ChurnFeature.Refunds) == 1 ? "" : "s")}, {V(ChurnFeature.RefundShare):0%} of what they bought"),
            ChurnFeature.HomeCountry => V(ChurnFeature.HomeCountry) switch { 1 => "in the home country", 0 => "abroad", _ => "country unknown" },
            ChurnFeature.OrdersSameWindowLastYear => float.IsNaN(V(ChurnFeature.OrdersSameWindowLastYear))
                ? "no history a year ago" : V(ChurnFeature.OrdersSameWindowLastYear) == 0
                    ? F($"no order in the same {days} days last year")
                    : F($"{V(ChurnFeature.OrdersSameWindowLastYear):0} orders in the same {days} days last year"),
            ChurnFeature.ModelProbabilityAlive => F($"purchase model: {V(ChurnFeature.ModelProbabilityAlive):0%} likely still active"),
            ChurnFeature.ModelProbabilityNoPurchase => F($"purchase model: {V(ChurnFeature.ModelProbabilityNoPurchase):0%} chance of no order in {days} days"),
            ChurnFeature.ModelExpectedPurchases => F($"purchase model expects {V(ChurnFeature.ModelExpectedPurchases):0.#} orders in {days} days"),
            _ => feature.ToString(),
        };
    }

    private static string Count(float orders, string period) =>
        orders == 0 ? $"no order in {period}" : F($"only {orders:0} order{(orders == 1 ? "" : "s")} in {period}");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
