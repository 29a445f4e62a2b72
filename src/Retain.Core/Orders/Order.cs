namespace Retain.Core.Orders;

public enum OrderStatus
{
    Placed = 0,
    Paid = 1,
    Fulfilled = 2,
    Cancelled = 3,
}

/// <summary>
/// An order as the shop placed it. Amounts on lines are in the order's <see cref="Currency"/>;
/// <see cref="Revenue"/> is the order revenue (PRODUCT.md) converted to the shop's base currency at
/// <see cref="ExchangeRate"/>, stored so measurements never redo the conversion.
/// </summary>
public sealed class Order
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    /// <summary>Null for a guest order: counted, but kept out of customer metrics.</summary>
    public long? CustomerId { get; set; }
    public DateTime PlacedAt { get; set; }
    public OrderStatus Status { get; set; }
    public required string Currency { get; set; }
    /// <summary>Base-currency units per one unit of <see cref="Currency"/> at the time of the order.</summary>
    public decimal ExchangeRate { get; set; } = 1m;
    public decimal Shipping { get; set; }
    /// <summary>Σ quantity × unit price − line discounts, in the base currency.</summary>
    public decimal Revenue { get; set; }
    public string? Country { get; set; }
    /// <summary>Where it came from: "import", "api", "webhook:shopify", "demo".</summary>
    public string? Source { get; set; }
    /// <summary>Hash of the order's content as last written, so a re-import of the same order is a no-op.</summary>
    public string? ContentHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
}

/// <summary>
/// One line of an order, identified by (<see cref="OrderId"/>, <see cref="LineNo"/>): there is no surrogate id, so the
/// table is stored in that key's order and needs no second unique index (the import writes a million lines at once).
/// </summary>
public sealed class OrderLine
{
    public long OrderId { get; set; }
    /// <summary>Position in the order, from 1; with <see cref="OrderId"/> the line's identity.</summary>
    public int LineNo { get; set; }
    public long? ProductId { get; set; }
    public required string Sku { get; set; }
    public string? Name { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    /// <summary>Discount on the whole line, in the order currency.</summary>
    public decimal Discount { get; set; }
}
