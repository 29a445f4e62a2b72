using System.Text.Json.Serialization;

namespace Retain.Core.Loyalty;

/// <summary>
/// The accounts points move between. Customer accounts hold what a customer has (positive = theirs); system accounts
/// are the other side of every move, so every transaction's entries sum to zero.
/// </summary>
public enum LoyaltyAccount
{
    Available = 0,
    Pending = 1,
    /// <summary>Points a customer owes after a refund reversed points already spent (≤ 0), under <see cref="DebtPolicy.RecordDebt"/>.</summary>
    Debt = 2,
    Issued = 10,
    Redeemed = 11,
    Expired = 12,
    Reversed = 13,
    /// <summary>Reversals not taken from the customer under <see cref="DebtPolicy.Forgive"/>.</summary>
    Forgiven = 14,
    Adjusted = 15,
}

[JsonConverter(typeof(JsonStringEnumConverter<LoyaltyTransactionKind>))]
public enum LoyaltyTransactionKind
{
    Earn = 0,
    Release = 1,
    Refund = 2,
    Action = 3,
    Redeem = 4,
    CancelRedemption = 5,
    Expire = 6,
    Adjust = 7,
    /// <summary>A tier reviewed at the end of its period; moves no points.</summary>
    TierReview = 8,
    /// <summary>A referral attached (accepted or rejected); moves no points.</summary>
    Referral = 9,
    /// <summary>A referral settled: both sides rewarded (one transaction per side), or rejected.</summary>
    ReferralReward = 10,
    /// <summary>A challenge completed: a badge, and its points if any.</summary>
    Challenge = 11,
}

/// <summary>One command's effect: written once with its entries, never changed. <see cref="Key"/> is unique.</summary>
public sealed class LoyaltyTransaction
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public LoyaltyTransactionKind Kind { get; set; }
    public long? CustomerId { get; set; }
    /// <summary>The rule version that produced the points (earn, action, the award a refund reverses).</summary>
    public long? RuleSetId { get; set; }
    public string? OrderRef { get; set; }
    /// <summary>The transaction this one undoes (a cancelled redemption).</summary>
    public long? ReversesTransactionId { get; set; }
    /// <summary>SHA-256 of the command's content, so a repeat of the key with other content is told apart.</summary>
    public required string RequestHash { get; set; }
    /// <summary>The command's result as first returned; a repeat returns it again.</summary>
    public required string ResultJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<LoyaltyEntry> Entries { get; set; } = [];
}

/// <summary>A signed amount on one account. Append-only.</summary>
public sealed class LoyaltyEntry
{
    public long Id { get; set; }
    public long TransactionId { get; set; }
    public LoyaltyAccount Account { get; set; }
    /// <summary>Set for customer accounts, null for system accounts.</summary>
    public long? CustomerId { get; set; }
    public long Points { get; set; }
    public long? RuleSetId { get; set; }
}

/// <summary>
/// A customer's balances, kept in the same database transaction as the entries that change them. <see cref="Version"/>
/// is a concurrency token every command bumps, so two commands for one customer never both commit from the same reading.
/// </summary>
public sealed class LoyaltyMember
{
    public long CustomerId { get; set; }
    public long Available { get; set; }
    public long Pending { get; set; }
    public long Debt { get; set; }
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The tier held (null: none), until at least <see cref="TierUntil"/>, when it is reviewed.</summary>
    public string? Tier { get; set; }
    public DateTime? TierUntil { get; set; }
}

/// <summary>Points one order earned, pending until <see cref="PendingUntil"/>; <see cref="ReleasedAt"/> is set once by the release.</summary>
public sealed class LoyaltyOrderAward
{
    public long Id { get; set; }
    public long TransactionId { get; set; }
    public long CustomerId { get; set; }
    public required string OrderRef { get; set; }
    public long? RuleSetId { get; set; }
    public long Points { get; set; }
    public DateTime PlacedAt { get; set; }
    public DateTime PendingUntil { get; set; }
    public DateTime? ReleasedAt { get; set; }
    public List<LoyaltyAwardLine> Lines { get; set; } = [];
}

/// <summary>What one order line earned: the basis of an exact reversal, whatever the rules say today.</summary>
public sealed class LoyaltyAwardLine
{
    public long Id { get; set; }
    public long AwardId { get; set; }
    public required string LineRef { get; set; }
    public int Quantity { get; set; }
    public long Points { get; set; }
    /// <summary>The line's net amount in the base currency, for spend-based tiers.</summary>
    public decimal NetAmount { get; set; }
}

/// <summary>Units of an award line given back by one refund and the points that reversed. Append-only.</summary>
public sealed class LoyaltyReversalLine
{
    public long Id { get; set; }
    public long TransactionId { get; set; }
    public long AwardLineId { get; set; }
    public int Quantity { get; set; }
    public long Points { get; set; }
}

/// <summary>
/// A credit of available points, spent and expired oldest first. <see cref="Remaining"/> = <see cref="Points"/> − Σ
/// allocations, kept in the row for speed and checked by the ledger's verification.
/// </summary>
public sealed class LoyaltyLot
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long TransactionId { get; set; }
    public long? AwardId { get; set; }
    public long Points { get; set; }
    public long Remaining { get; set; }
    public DateTime EarnedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
}

/// <summary>Points a transaction took from a lot (positive) or gave back to it (negative). Append-only.</summary>
public sealed class LoyaltyAllocation
{
    public long Id { get; set; }
    public long TransactionId { get; set; }
    public long LotId { get; set; }
    public long Points { get; set; }
}
