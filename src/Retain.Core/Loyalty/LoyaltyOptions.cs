namespace Retain.Core.Loyalty;

/// <summary>What a refund does when the points it reverses were already spent.</summary>
public enum DebtPolicy
{
    /// <summary>The customer's balance stops at zero and the rest is recorded as debt (the Debt account, ≤ 0), repaid by the next points they earn.</summary>
    RecordDebt = 0,
    /// <summary>The balance stops at zero and the rest is recorded on the Forgiven system account.</summary>
    Forgive = 1,
}

/// <summary>What happens to the points of a reward code nobody used before it expired.</summary>
public enum ExpiredCodePolicy
{
    /// <summary>The redemption is cancelled: the points go back to the member (as a cancelled redemption does).</summary>
    ReturnPoints = 0,
    /// <summary>The points stay spent.</summary>
    Forfeit = 1,
}

/// <summary>Configuration section <c>Retain:Loyalty</c>.</summary>
public sealed class LoyaltyOptions
{
    public const string SectionName = "Retain:Loyalty";

    public DebtPolicy DebtPolicy { get; set; } = DebtPolicy.RecordDebt;

    /// <summary>How often a command is retried after losing a race (a concurrency or uniqueness failure, a busy database).</summary>
    public int MaxAttempts { get; set; } = 20;

    public ExpiredCodePolicy ExpiredCodes { get; set; } = ExpiredCodePolicy.ReturnPoints;
}
