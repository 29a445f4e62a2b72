using System.Globalization;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;

namespace Retain.Core.Import;

/// <summary>An order that passed validation, with what the writers need and need not recompute.</summary>
internal sealed class PreparedOrder
{
    public required ImportedOrder Source { get; init; }
    /// <summary>Position among the accepted orders of the file, from 0.</summary>
    public required int Sequence { get; init; }
    public required bool IsFirstOccurrence { get; init; }
    public required DateTime PlacedAt { get; init; }
    public required string Currency { get; init; }
    public required decimal Rate { get; init; }
    /// <summary>Σ line amounts × rate, in the base currency (order revenue, or refund amount).</summary>
    public required decimal Total { get; init; }
    public required string Hash { get; init; }
    public string ExternalId => Source.ExternalId;
    public bool IsRefund => Source.Kind == ImportedOrderKind.Refund;
}

/// <summary>Customers and products named in a file, with their attributes as last given (a later non-empty value wins).</summary>
internal sealed class ImportCatalog
{
    public Dictionary<string, CustomerAttributes> Customers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ProductAttributes> Products { get; } = new(StringComparer.Ordinal);

    public void Add(ImportedOrder order)
    {
        if (order.CustomerExternalId is { } customerId)
        {
            if (!Customers.TryGetValue(customerId, out var customer))
                Customers[customerId] = customer = new CustomerAttributes();
            customer.Email = order.CustomerEmail ?? customer.Email;
            customer.Country = order.Country ?? customer.Country;
        }
        foreach (var line in order.Lines)
        {
            if (!Products.TryGetValue(line.Sku, out var product))
                Products[line.Sku] = product = new ProductAttributes();
            product.Name = line.ProductName ?? product.Name;
            product.Category = line.Category ?? product.Category;
        }
    }
}

internal sealed class CustomerAttributes
{
    public string? Email { get; set; }
    public string? Country { get; set; }
}

internal sealed class ProductAttributes
{
    public string? Name { get; set; }
    public string? Category { get; set; }
}

/// <summary>
/// The provider-neutral half of an import: validates each order, finds its exchange rate, converts its total to the
/// base currency, hashes its content and notes duplicates; rejects what cannot be stored, with the reason.
/// </summary>
internal sealed class ImportPlanner(string baseCurrency, ExchangeRateTable rates)
{
    private readonly ContentHasher _hasher = new();
    private readonly HashSet<string> _seenOrders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenRefunds = new(StringComparer.Ordinal);
    private int _sequence;

    public string BaseCurrency => baseCurrency;
    public ImportCatalog Catalog { get; } = new();
    public List<RejectedRow> Rejects { get; } = [];
    public long OrdersRead { get; private set; }
    public long LinesRead { get; private set; }
    public int Duplicates { get; private set; }
    public int GuestOrders { get; private set; }

    public PreparedOrder? Prepare(ImportedOrder order)
    {
        OrdersRead++;
        LinesRead += order.Lines.Count;
        var currency = order.Currency.Trim().ToUpperInvariant();
        var placedAt = UtcTime.Normalize(order.PlacedAt);
        var problem = Validate(order, currency);
        decimal rate = 1m;
        if (problem is null)
        {
            var found = rates.Find(currency, placedAt);
            if (found is null)
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"no exchange rate {currency}->{baseCurrency} valid on {placedAt:yyyy-MM-dd}; add one to ExchangeRates and import again");
            else
                rate = found.Value;
        }
        if (problem is not null)
        {
            Reject(order, problem);
            return null;
        }

        var seen = order.Kind == ImportedOrderKind.Refund ? _seenRefunds : _seenOrders;
        var first = seen.Add(order.ExternalId);
        if (!first)
            Duplicates++;
        else if (order.Kind == ImportedOrderKind.Order && order.CustomerExternalId is null)
            GuestOrders++;
        Catalog.Add(order);

        decimal total = 0m;
        foreach (var line in order.Lines)
            total += line.Amount;
        return new PreparedOrder
        {
            Source = order,
            Sequence = _sequence++,
            IsFirstOccurrence = first,
            PlacedAt = placedAt,
            Currency = currency,
            Rate = rate,
            Total = decimal.Round(total * rate, ColumnSizes.MoneyScale, MidpointRounding.AwayFromZero),
            Hash = _hasher.Hash(order, placedAt, currency, rate),
        };
    }

    private static string? Validate(ImportedOrder order, string currency)
    {
        if (string.IsNullOrWhiteSpace(order.ExternalId))
            return "order id is empty";
        if (order.ExternalId.Length > ColumnSizes.ExternalId)
            return $"order id longer than {ColumnSizes.ExternalId} characters";
        if (order.CustomerExternalId is { Length: > ColumnSizes.ExternalId })
            return $"customer id longer than {ColumnSizes.ExternalId} characters";
        if (order.CustomerEmail is { Length: > ColumnSizes.Email })
            return $"e-mail longer than {ColumnSizes.Email} characters";
        if (order.Country is { Length: > ColumnSizes.Country })
            return $"country longer than {ColumnSizes.Country} characters";
        if (!ShopSettings.IsCurrencyCode(currency))
            return $"'{order.Currency}' is not an ISO 4217 currency code";
        if (order.Lines.Count == 0)
            return "order has no lines";
        foreach (var line in order.Lines)
        {
            if (string.IsNullOrWhiteSpace(line.Sku))
                return string.Create(CultureInfo.InvariantCulture, $"line {line.LineNumber} has no SKU");
            if (line.Sku.Length > ColumnSizes.Sku)
                return string.Create(CultureInfo.InvariantCulture, $"line {line.LineNumber}: SKU longer than {ColumnSizes.Sku} characters");
        }
        return null;
    }

    private void Reject(ImportedOrder order, string reason)
    {
        var what = order.Kind == ImportedOrderKind.Refund ? "refund" : "order";
        var text = $"{what} {order.ExternalId} rejected: {reason}";
        if (order.Lines.Count == 0)
        {
            Rejects.Add(new RejectedRow(order.FirstLineNumber, text, order.ExternalId));
            return;
        }
        foreach (var line in order.Lines)
            Rejects.Add(new RejectedRow(line.LineNumber, text, string.Create(CultureInfo.InvariantCulture,
                $"{order.ExternalId},{line.Sku},{line.Quantity},{line.UnitPrice},{order.Currency}")));
    }
}
