using System.Globalization;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;

namespace Retain.Core.Import;

/// <summary>
/// One row group of a file that passed validation, with what the writers need. An order id whose rows are split over
/// several groups (interleaved with other orders' rows) arrives as a first group and then continuations; the header,
/// <see cref="Total"/> and <see cref="Hash"/> always describe the whole order as read so far.
/// </summary>
internal sealed class PreparedOrder
{
    public required ImportedOrder Source { get; init; }
    /// <summary>Position of the order's first group among the accepted orders of the file, from 0.</summary>
    public required int Sequence { get; init; }
    /// <summary>True when this group adds lines to an order already seen in the file.</summary>
    public required bool IsContinuation { get; init; }
    /// <summary>The order line number (from 1) of this group's first line.</summary>
    public required int FirstLineNo { get; init; }
    public required DateTime PlacedAt { get; init; }
    public required string Currency { get; init; }
    public required decimal Rate { get; init; }
    /// <summary>Σ line amounts × rate over the whole order so far, in the base currency (order revenue, or refund amount).</summary>
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
/// The provider-neutral half of an import: validates each row group, finds its exchange rate, converts totals to the
/// base currency and hashes content; rejects what cannot be stored, with the reason. When an order id comes back later
/// in the same file, a group whose rows equal all rows read so far for that id is a repeat and is skipped (the duplicated
/// sheet overlap of Online Retail II), and a group with new rows is a continuation of the order and is merged into it
/// (Online Retail II interleaves the rows of 656 invoices): replacing it would lose lines.
/// </summary>
internal sealed class ImportPlanner(string baseCurrency, ExchangeRateTable rates)
{
    private readonly ContentHasher _hasher = new();
    private readonly Dictionary<string, FileOrder> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileOrder> _refunds = new(StringComparer.Ordinal);
    private int _sequence;

    public string BaseCurrency => baseCurrency;
    public ImportCatalog Catalog { get; } = new();
    public List<RejectedRow> Rejects { get; } = [];
    public long OrdersRead { get; private set; }
    public long LinesRead { get; private set; }
    /// <summary>Row groups skipped because every row was already read for the same id.</summary>
    public int Repeats { get; private set; }
    /// <summary>Row groups merged into an order read earlier in the file.</summary>
    public int Continuations { get; private set; }
    public int GuestOrders { get; private set; }

    public PreparedOrder? Prepare(ImportedOrder order)
    {
        OrdersRead++;
        LinesRead += order.Lines.Count;
        var currency = order.Currency.Trim().ToUpperInvariant();
        var placedAt = UtcTime.Normalize(order.PlacedAt);
        var known = order.Kind == ImportedOrderKind.Refund ? _refunds : _orders;
        known.TryGetValue(order.ExternalId, out var earlier);
        var problem = Validate(order, currency);
        decimal rate = 1m;
        if (problem is null && earlier is not null && earlier.Currency != currency)
            problem = $"continues an order in {earlier.Currency} with rows in {currency}";
        if (problem is null)
        {
            var found = earlier?.Rate ?? rates.Find(currency, placedAt);
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

        var rows = new ulong[order.Lines.Count];
        decimal amount = 0m;
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ContentHasher.RowKey(order, order.Lines[i]);
            amount += order.Lines[i].Amount;
        }
        Array.Sort(rows);
        // A repeat is the whole order again (the duplicated sheet overlap of Online Retail II). Mere containment is not
        // enough: a continuation may consist of rows equal to rows already read (invoice 537374 continues with a second
        // copy of a line it already has), and dropping it would lose revenue.
        if (earlier is not null && rows.AsSpan().SequenceEqual(earlier.Rows))
        {
            Repeats++;
            return null;
        }
        Catalog.Add(order);
        if (earlier is null)
        {
            if (order.Kind == ImportedOrderKind.Order && order.CustomerExternalId is null)
                GuestOrders++;
            earlier = new FileOrder(_sequence++, currency, rate, rows, order.Lines.Count, amount, _hasher.Hash(order, placedAt, currency, rate));
            known[order.ExternalId] = earlier;
            return Prepared(order, earlier, isContinuation: false, firstLineNo: 1, placedAt);
        }
        Continuations++;
        var firstLineNo = earlier.LineCount + 1;
        earlier.Rows = Merge(earlier.Rows, rows);
        earlier.LineCount += order.Lines.Count;
        earlier.Amount += amount;
        earlier.Hash = _hasher.Chain(earlier.Hash, order);
        return Prepared(order, earlier, isContinuation: true, firstLineNo, placedAt);
    }

    private static PreparedOrder Prepared(ImportedOrder order, FileOrder state, bool isContinuation, int firstLineNo, DateTime placedAt) => new()
    {
        Source = order,
        Sequence = state.Sequence,
        IsContinuation = isContinuation,
        FirstLineNo = firstLineNo,
        PlacedAt = placedAt,
        Currency = state.Currency,
        Rate = state.Rate,
        Total = decimal.Round(state.Amount * state.Rate, ColumnSizes.MoneyScale, MidpointRounding.AwayFromZero),
        Hash = state.Hash,
    };

    private static ulong[] Merge(ulong[] a, ulong[] b)
    {
        var merged = new ulong[a.Length + b.Length];
        a.CopyTo(merged, 0);
        b.CopyTo(merged, a.Length);
        Array.Sort(merged);
        return merged;
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

    /// <summary>What the file said so far about one order id.</summary>
    private sealed class FileOrder(int sequence, string currency, decimal rate, ulong[] rows, int lineCount, decimal amount, string hash)
    {
        public int Sequence { get; } = sequence;
        public string Currency { get; } = currency;
        public decimal Rate { get; } = rate;
        public ulong[] Rows { get; set; } = rows;
        public int LineCount { get; set; } = lineCount;
        /// <summary>Σ line amounts in the order currency.</summary>
        public decimal Amount { get; set; } = amount;
        public string Hash { get; set; } = hash;
    }
}
