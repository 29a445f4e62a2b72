using Retain.Analytics.Churn;
using Retain.Core.Import.Parsing;
using Retain.Core.Recommendations;

namespace Retain.Core.Tests.Churn;

/// <summary>
/// Online Retail II cleaned as EVALUATION.md §3 says, as churn input: rows with a customer, positive quantity and
/// price, product codes only (no postage, fees, adjustments, gift vouchers), exact duplicate rows kept; an invoice's
/// time is its earliest row. Cancellations (invoices starting with C) become refunds, cleaned the same way.
/// </summary>
internal static class OnlineRetailChurnData
{
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

    // The protocol's row filter lives with protocol A, which shares the cleaning.
    private static bool IsProduct(ImportedLine line) => ProtocolAFile.IsProduct(line.Sku, line.Quantity, line.UnitPrice);
}
