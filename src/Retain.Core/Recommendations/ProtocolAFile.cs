using Retain.Analytics.Recommendations;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Recommendations;

/// <summary>
/// Reads an order file cleaned as protocol A of EVALUATION.md §3: rows with a customer, sales only (no cancellations),
/// positive quantity and price, product codes only (no postage, fees, adjustments, gift vouchers); exact duplicate
/// rows kept (unlike the import, which drops the repeated sheet overlap). A basket's time is its earliest row.
/// </summary>
public static class ProtocolAFile
{
    private static readonly HashSet<string> NonProductCodes = new(StringComparer.Ordinal)
    {
        "POST", "DOT", "C2", "M", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "ADJUST", "ADJUST2", "CRUK", "PADS",
        "TEST001", "TEST002", "C3", "GIFT",
    };

    public sealed record Cleaned(PurchaseLog Log, int Rows, int Invoices);

    public static Cleaned Load(string path, OrderFileFormat? format = null, CancellationToken cancellationToken = default)
    {
        var builder = new PurchaseLog.Builder();
        var invoices = new HashSet<string>(StringComparer.Ordinal);
        using var reader = OrderFileReader.Open(path, new ImportOptions { Format = format ?? OrderFileFormat.Auto });
        foreach (var order in reader.ReadOrders(cancellationToken))
        {
            if (order.CustomerExternalId is not { } customer || order.Kind != ImportedOrderKind.Order || order.Cancelled)
                continue;
            foreach (var line in order.Lines)
            {
                if (!IsProduct(line.Sku, line.Quantity, line.UnitPrice))
                    continue;
                builder.Add(customer, line.Sku, order.ExternalId, order.PlacedAt);
                invoices.Add(order.ExternalId);
            }
        }
        return new Cleaned(builder.Build(), builder.Count, invoices.Count);
    }

    /// <summary>The protocol's row filter: a real product sold in a positive quantity at a positive price.</summary>
    public static bool IsProduct(string sku, int quantity, decimal unitPrice)
    {
        if (quantity <= 0 || unitPrice <= 0)
            return false;
        var code = sku.Trim().ToUpperInvariant();
        if (NonProductCodes.Contains(code))
            return false;
        const string voucher = "GIFT_0001_";
        return !(code.StartsWith(voucher, StringComparison.Ordinal) && code.Length > voucher.Length
                 && code.AsSpan(voucher.Length).IndexOfAnyExceptInRange('0', '9') < 0);
    }
}
