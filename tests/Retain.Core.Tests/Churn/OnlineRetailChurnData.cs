using Retain.Analytics.Churn;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Tests.Churn;

/// <summary>
/// Online Retail II cleaned as EVALUATION.md §3 says, as churn input: rows with a customer, positive quantity and
/// price, product codes only (no postage, fees, adjustments, gift vouchers), exact duplicate rows kept; an invoice's
/// time is its earliest row. Cancellations (invoices starting with C) become refunds, cleaned the same way.
/// </summary>
internal static class OnlineRetailChurnData
{
    private static readonly HashSet<string> NonProductCodes = new(StringComparer.Ordinal)
    {
        "POST", "DOT", "C2", "M", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "ADJUST", "ADJUST2", "CRUK", "PADS",
        "TEST001", "TEST002", "C3", "GIFT",
    };

    public static ChurnHistory Load(string path, CancellationToken cancellationToken)
    {
        var lines = new List<ChurnTransaction>(810_000);
        var refunds = new List<ChurnRefund>();
        var countries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = OrderFileReader.Open(path, new ImportOptions { Format = OrderFileFormat.OnlineRetailII });
        foreach (var order in reader.ReadOrders(cancellationToken))
        {
            if (order.CustomerExternalId is not { } customer)
                continue;
            if (order.Kind == ImportedOrderKind.Refund)
            {
                var amount = order.Lines.Where(IsProduct).Sum(l => (double)l.Amount);
                if (amount > 0)
                    refunds.Add(new ChurnRefund(customer, order.PlacedAt, amount));
                continue;
            }
            foreach (var line in order.Lines)
            {
                if (IsProduct(line))
                    lines.Add(new ChurnTransaction(customer, order.ExternalId, order.PlacedAt, (double)line.Amount, line.Sku));
            }
            if (order.Country is { } country)
                countries[customer] = country;
        }
        return ChurnHistory.Create(lines, refunds, countries);
    }

    private static bool IsProduct(ImportedLine line)
    {
        if (line.Quantity <= 0 || line.UnitPrice <= 0)
            return false;
        var code = line.Sku.Trim().ToUpperInvariant();
        if (NonProductCodes.Contains(code))
            return false;
        const string voucher = "GIFT_0001_";
        return !(code.StartsWith(voucher, StringComparison.Ordinal) && code.Length > voucher.Length
                 && code.AsSpan(voucher.Length).IndexOfAnyExceptInRange('0', '9') < 0);
    }
}
