namespace Retain.Core.Import.Parsing;

/// <summary>Whether a group of file rows is a sale or a refund (a cancellation or return row).</summary>
public enum ImportedOrderKind
{
    Order,
    Refund,
}

/// <summary>
/// One order (or refund) read from a file: the contiguous rows that share an order id, validated and mapped through
/// a preset or column mapping. Amounts are in <see cref="Currency"/>; conversion to the base currency happens on write.
/// </summary>
public sealed record ImportedOrder(
    string ExternalId,
    ImportedOrderKind Kind,
    string? CustomerExternalId,
    DateTime PlacedAt,
    string Currency,
    IReadOnlyList<ImportedLine> Lines)
{
    public string? CustomerEmail { get; init; }
    public string? Country { get; init; }
    /// <summary>Order-level shipping charged, in <see cref="Currency"/>.</summary>
    public decimal Shipping { get; init; }
    /// <summary>True when the file marks the order cancelled (it is then stored, but never counts as an order).</summary>
    public bool Cancelled { get; init; }
    /// <summary>For a refund: the id of the order it refunds, when the file says.</summary>
    public string? RefundsOrderExternalId { get; init; }
    public long FirstLineNumber => Lines.Count == 0 ? 0 : Lines[0].LineNumber;
}

/// <summary>One order line; <see cref="Quantity"/> is positive also for refund lines (the quantity given back).</summary>
public sealed record ImportedLine(
    long LineNumber,
    string Sku,
    string? ProductName,
    string? Category,
    int Quantity,
    decimal UnitPrice,
    decimal Discount)
{
    /// <summary>Quantity × unit price − discount.</summary>
    public decimal Amount => Quantity * UnitPrice - Discount;
}

/// <summary>A file row that could not be imported: the 1-based line number in the file, why, and the raw text.</summary>
public sealed record RejectedRow(long LineNumber, string Reason, string Raw);
