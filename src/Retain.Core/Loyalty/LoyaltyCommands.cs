namespace Retain.Core.Loyalty;

// The ledger's commands and results. Every command carries (or derives) an idempotency key: a repeat with the same
// key and content returns the first result; the same key with other content is an IdempotencyConflictException.

/// <summary>A line of a paid order. <see cref="NetAmount"/> is quantity × price − discount in the base currency.</summary>
public sealed record EarnLine(string LineRef, int Quantity, decimal NetAmount, string? Sku = null, string? CategoryRef = null);

/// <summary>Earn points for an order; the key is <c>earn:{OrderRef}</c>, so an order earns once.</summary>
public sealed record EarnForOrder(string OrderRef, long CustomerId, DateTime PlacedAt, IReadOnlyList<EarnLine> Lines)
{
    public string Key => "earn:" + OrderRef;
}

public sealed record LinePoints(string LineRef, long Points);

public sealed record EarnResult(long TransactionId, string OrderRef, long? RuleSetId, long Points, DateTime PendingUntil, IReadOnlyList<LinePoints> Lines);

public sealed record RefundQuantity(string LineRef, int Quantity);

/// <summary>Reverse what the given units of an order's lines earned.</summary>
public sealed record RefundOrder(string Key, string OrderRef, IReadOnlyList<RefundQuantity> Lines);

/// <summary>
/// <see cref="Reversed"/> = <see cref="FromPending"/> + <see cref="FromAvailable"/> + <see cref="Debt"/> +
/// <see cref="Forgiven"/>: where the reversed points came from.
/// </summary>
public sealed record RefundResult(long TransactionId, long Reversed, long FromPending, long FromAvailable, long Debt, long Forgiven, IReadOnlyList<LinePoints> Lines);

public sealed record AwardForAction(string Key, long CustomerId, string Action, DateTime OccurredAt);

public sealed record RedeemPoints(string Key, long CustomerId, long Points);

/// <summary>Gives a redemption's points back (to the lots they came from while those have not expired).</summary>
public sealed record CancelRedemption(string Key, string RedemptionKey);

public sealed record AdjustPoints(string Key, long CustomerId, long Points, string Reason);

/// <summary>The result of a command that moved one amount for one customer.</summary>
public sealed record PointsResult(long TransactionId, long CustomerId, long Points);

/// <summary>A customer's balances: <see cref="Debt"/> ≤ 0 is what they owe.</summary>
public sealed record LoyaltyBalance(long CustomerId, long Available, long Pending, long Debt);

/// <summary>What <c>VerifyAsync</c> found; empty <see cref="Problems"/> means every invariant holds.</summary>
public sealed record LedgerVerification(int Transactions, int Members, IReadOnlyList<string> Problems)
{
    public bool IsConsistent => Problems.Count == 0;
}
