namespace Retain.Core.Import.Parsing;

/// <summary>
/// An order (or refund) reduced to what measurement needs: its total (Σ quantity × unit price − discount, in
/// <see cref="Currency"/>) instead of its lines. <see cref="OrderFileReader.ReadOrderTotals"/> yields these without
/// allocating a line object or a product-name string per row, which is what makes <c>retain analyze</c> fast.
/// </summary>
public readonly record struct ImportedOrderTotal(
    string ExternalId,
    ImportedOrderKind Kind,
    string? CustomerExternalId,
    DateTime PlacedAt,
    string Currency,
    decimal Amount,
    int LineCount)
{
    public string? Country { get; init; }
    /// <summary>The category of the order's first line (for first-purchase-category breakdowns).</summary>
    public string? FirstCategory { get; init; }
    public bool Cancelled { get; init; }

    public static ImportedOrderTotal From(ImportedOrder order)
    {
        var amount = 0m;
        foreach (var line in order.Lines)
            amount += line.Amount;
        return new ImportedOrderTotal(order.ExternalId, order.Kind, order.CustomerExternalId, order.PlacedAt, order.Currency, amount, order.Lines.Count)
        {
            Country = order.Country,
            FirstCategory = order.Lines.Count > 0 ? order.Lines[0].Category : null,
            Cancelled = order.Cancelled,
        };
    }
}
