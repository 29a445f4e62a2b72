namespace Retain.Analytics.Churn;

/// <summary>
/// One purchased line as the churn model sees it: who, which order, when (UTC), its value in the base currency and
/// the item bought (null when lines are unknown and one row stands for a whole order). Lines of one order share
/// <paramref name="OrderId"/>; the order's time is the earliest of its lines.
/// </summary>
public readonly record struct ChurnTransaction(string CustomerId, string OrderId, DateTime Timestamp, double Amount, string? Item = null);

/// <summary>A refund or return: who, when (UTC) and the amount given back, positive.</summary>
public readonly record struct ChurnRefund(string CustomerId, DateTime Timestamp, double Amount);
