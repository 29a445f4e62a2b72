namespace Retain.Core.Orders;

public enum RefundKind
{
    Refund = 0,
    Return = 1,
    Cancellation = 2,
}

/// <summary>
/// Money given back, per line where the shop says which. <see cref="OrderId"/> is null when the source does not name
/// the original order (e.g. the cancellation invoices of Online Retail II).
/// </summary>
public sealed class Refund
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public long? OrderId { get; set; }
    public long? CustomerId { get; set; }
    public DateTime RefundedAt { get; set; }
    public RefundKind Kind { get; set; }
    public required string Currency { get; set; }
    public decimal ExchangeRate { get; set; } = 1m;
    /// <summary>Total given back, positive, in the base currency.</summary>
    public decimal Amount { get; set; }
    public string? Reason { get; set; }
    public string? Source { get; set; }
    public string? ContentHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<RefundLine> Lines { get; set; } = [];
}

public sealed class RefundLine
{
    public long Id { get; set; }
    public long RefundId { get; set; }
    public int LineNo { get; set; }
    /// <summary>
    /// The order line given back, when known, as (<see cref="OrderId"/>, <see cref="OrderLineNo"/>); loyalty reverses
    /// exactly what that line earned. Both are null when the line is unknown or the order's lines were replaced.
    /// </summary>
    public long? OrderId { get; set; }
    public int? OrderLineNo { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    /// <summary>Amount given back for this line, positive, in the refund currency.</summary>
    public decimal Amount { get; set; }
}
