namespace Retain.Analytics.Clv;

/// <summary>A purchase as the CLV models see it: who, when (UTC) and how much (base currency).</summary>
public readonly record struct ClvTransaction(string CustomerId, DateTime Timestamp, double Amount);

/// <summary>
/// A customer's summary for one calibration period, plus the repeat purchase days counted in the holdout period
/// that follows it (0 when no holdout was asked for), for back-tests.
/// </summary>
public sealed record ClvCustomer(string CustomerId, DateOnly FirstPurchase, CustomerSummary Calibration, int HoldoutPurchases);
