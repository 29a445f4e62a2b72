namespace Retain.Analytics.Data;

/// <summary>
/// The in-memory shape every measurement works on: customers, the orders they placed and the refunds they got.
/// Built from a file (<c>retain analyze</c>) or from the database (<c>retain report</c>); the analytics never know which.
/// </summary>
public sealed class ShopData
{
    /// <summary>Customers, indexed by position; <see cref="OrderFact.Customer"/> points here.</summary>
    public required IReadOnlyList<CustomerFact> Customers { get; init; }

    /// <summary>Orders that count as orders (never cancelled ones), sorted by <see cref="OrderFact.PlacedAt"/>.</summary>
    public required OrderFact[] Orders { get; init; }

    /// <summary>Refunds and returns, sorted by <see cref="RefundFact.RefundedAt"/>.</summary>
    public required RefundFact[] Refunds { get; init; }

    /// <summary>ISO 4217 code of the base currency every amount here is in.</summary>
    public string Currency { get; init; } = "PLN";
}

/// <summary>A customer and the attributes figures can be broken down by.</summary>
public sealed record CustomerFact(string ExternalId, string? Country = null, string? Channel = null, string? FirstCategory = null);

/// <summary>
/// One order: who placed it (index into <see cref="ShopData.Customers"/>, or <see cref="Guest"/>), when (UTC) and its
/// revenue in the base currency (Σ quantity × unit price − line discounts).
/// </summary>
public readonly record struct OrderFact(int Customer, DateTime PlacedAt, decimal Revenue)
{
    public const int Guest = -1;
    public bool IsGuest => Customer < 0;
}

/// <summary>A refund or return: the amount given back, in the base currency, positive.</summary>
public readonly record struct RefundFact(int Customer, DateTime RefundedAt, decimal Amount);
