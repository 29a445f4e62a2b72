namespace Retain.Analytics.Churn;

/// <summary>The per-customer features of the churn model, in the order of a feature row.</summary>
public enum ChurnFeature
{
    RecencyDays,
    Orders,
    Monetary,
    MeanOrderValue,
    TenureDays,
    DistinctProducts,
    OrdersLast30Days,
    OrdersLast90Days,
    OrdersLast180Days,
    MeanGapDays,
    LastGapDays,
    RecencyOverMeanGap,
    RecentTrend,
    Refunds,
    RefundShare,
    HomeCountry,
    OrdersSameWindowLastYear,
    ModelProbabilityAlive,
    ModelProbabilityNoPurchase,
    ModelExpectedPurchases,
}

/// <summary>Feature rows of one snapshot: the population (customers with an order before T) and their features.</summary>
/// <param name="Customers">Index into the history's customers, per row.</param>
/// <param name="Rows">Row-major features, <see cref="ChurnFeatures.Count"/> per customer; NaN = not defined.</param>
public sealed record ChurnSnapshot(DateTime Time, TimeSpan Window, IReadOnlyList<string> CustomerIds, int[] Customers, float[] Rows)
{
    public int Count => Customers.Length;

    public ReadOnlySpan<float> Row(int i) => Rows.AsSpan(i * ChurnFeatures.Count, ChurnFeatures.Count);

    public float Value(int i, ChurnFeature feature) => Rows[i * ChurnFeatures.Count + (int)feature];
}
