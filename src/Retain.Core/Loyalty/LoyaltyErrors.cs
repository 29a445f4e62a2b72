namespace Retain.Core.Loyalty;

/// <summary>How the API answers a domain error: 404, 409 or 422.</summary>
public enum LoyaltyErrorKind
{
    NotFound = 404,
    Conflict = 409,
    Invalid = 422,
}

/// <summary>A command the ledger refused; nothing was written.</summary>
public abstract class LoyaltyException(string message) : Exception(message)
{
    public abstract LoyaltyErrorKind Kind { get; }
    /// <summary>The command field at fault, for ProblemDetails.</summary>
    public string? Field { get; protected init; }
}

public sealed class UnknownCustomerException(long customerId)
    : LoyaltyException($"Customer {customerId} does not exist.")
{
    public override LoyaltyErrorKind Kind => LoyaltyErrorKind.NotFound;
}

/// <summary>An order that never earned, or a redemption key that was never used.</summary>
public sealed class UnknownLoyaltyReferenceException(string what)
    : LoyaltyException($"{what} is not in the ledger.")
{
    public override LoyaltyErrorKind Kind => LoyaltyErrorKind.NotFound;
}

public sealed class InsufficientPointsException(long customerId, long requested, long spendable)
    : LoyaltyException($"Customer {customerId} has {spendable} spendable points, {requested} requested.")
{
    public override LoyaltyErrorKind Kind => LoyaltyErrorKind.Conflict;
}

/// <summary>The key was used before by a command with other content.</summary>
public sealed class IdempotencyConflictException(string key)
    : LoyaltyException($"Idempotency key '{key}' was already used for a different command.")
{
    public override LoyaltyErrorKind Kind => LoyaltyErrorKind.Conflict;
}

/// <summary>The command contradicts the ledger's state (a redemption cancelled twice, more units refunded than bought).</summary>
public sealed class LoyaltyStateException(string message) : LoyaltyException(message)
{
    public override LoyaltyErrorKind Kind => LoyaltyErrorKind.Conflict;
}

/// <summary>Bad input: zero or negative points, an empty key, a line twice, no reward for an action.</summary>
public sealed class InvalidLoyaltyCommandException : LoyaltyException
{
    public InvalidLoyaltyCommandException(string field, string message) : base(message) => Field = field;

    public override LoyaltyErrorKind Kind => LoyaltyErrorKind.Invalid;
}
