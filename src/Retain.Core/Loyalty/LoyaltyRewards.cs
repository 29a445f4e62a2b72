using System.Text.Json.Serialization;

namespace Retain.Core.Loyalty;

[JsonConverter(typeof(JsonStringEnumConverter<RewardKind>))]
public enum RewardKind
{
    /// <summary>A fixed amount off, in the base currency (<see cref="LoyaltyReward.Value"/>).</summary>
    FixedDiscount = 0,
    /// <summary>A percentage off (<see cref="LoyaltyReward.Value"/>, 0–100).</summary>
    PercentDiscount = 1,
    FreeShipping = 2,
    /// <summary>A free product (<see cref="LoyaltyReward.Sku"/>).</summary>
    Product = 3,
}

/// <summary>
/// A catalogue entry a member can spend points on. Edits change only future redemptions: an issued code carries its own
/// copy of the cost and value, so what a customer bought never changes under them.
/// </summary>
public sealed class LoyaltyReward
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public RewardKind Kind { get; set; }
    public long Cost { get; set; }
    public decimal Value { get; set; }
    public string? Sku { get; set; }
    /// <summary>Only members of this tier or a higher one may redeem it (an exclusive reward); null means everyone.</summary>
    public string? MinTier { get; set; }
    /// <summary>How long an issued code can be used.</summary>
    public TimeSpan CodeValidity { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<RewardCodeStatus>))]
public enum RewardCodeStatus
{
    Issued = 0,
    Consumed = 1,
    /// <summary>Not used in time; points returned or forfeited per <see cref="ExpiredCodePolicy"/>.</summary>
    Expired = 2,
    /// <summary>The redemption was cancelled; the points came back.</summary>
    Cancelled = 3,
}

/// <summary>
/// A one-time code issued by a redemption (in the same database transaction). <see cref="Status"/> is a concurrency
/// token: consuming, cancelling and expiring each change it only from <see cref="RewardCodeStatus.Issued"/>, so exactly
/// one of them wins however they race.
/// </summary>
public sealed class LoyaltyRewardCode
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public long RewardId { get; set; }
    public long CustomerId { get; set; }
    /// <summary>The ledger transaction (a redemption) that paid for it.</summary>
    public long TransactionId { get; set; }
    public required string RedemptionKey { get; set; }
    public long Points { get; set; }
    public RewardKind Kind { get; set; }
    public decimal Value { get; set; }
    public string? Sku { get; set; }
    public DateTime IssuedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public RewardCodeStatus Status { get; set; }
    public DateTime? ClosedAt { get; set; }
    /// <summary>The shop's order the code was used on, and the checkout's idempotency key.</summary>
    public string? OrderRef { get; set; }
    public string? ConsumeKey { get; set; }
}

/// <summary>
/// How far a feed got: every row at or before (<see cref="AfterTransaction"/>, <see cref="AfterId"/>) is done. The
/// transaction is the PostgreSQL transaction that wrote the row (see <see cref="FeedCursor"/>); 0 on SQLite and for the
/// feeds that read by id alone.
/// </summary>
public sealed class LoyaltySyncState
{
    public required string Name { get; set; }
    public long AfterTransaction { get; set; }
    public long AfterId { get; set; }
    public DateTime UpdatedAt { get; set; }
}
