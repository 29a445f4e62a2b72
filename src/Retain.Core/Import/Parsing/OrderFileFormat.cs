using System.Globalization;

namespace Retain.Core.Import.Parsing;

/// <summary>The fields an order file can carry; a format maps each one to a column header.</summary>
public enum OrderField
{
    OrderId,
    CustomerId,
    Email,
    OrderedAt,
    Sku,
    ProductName,
    Category,
    Quantity,
    UnitPrice,
    Discount,
    Currency,
    Country,
    Kind,
    Shipping,
    CancelledAt,
    RefundedAmount,
}

/// <summary>
/// The layout of an order file: which header names hold which <see cref="OrderField"/>, how dates look, the currency
/// when there is no currency column, and how cancellations are marked. Presets: <see cref="OnlineRetailII"/>,
/// <see cref="Shopify"/>, <see cref="Generic"/>; anything else through <see cref="WithMapping"/>.
/// </summary>
public sealed record OrderFileFormat
{
    public required string Name { get; init; }

    /// <summary>Header name per field; headers are matched case-insensitively, ignoring surrounding spaces.</summary>
    public required IReadOnlyDictionary<OrderField, string> Columns { get; init; }

    /// <summary>A .NET exact date format (e.g. <c>dd/MM/yyyy HH:mm</c>); null accepts ISO 8601 with or without offset.</summary>
    public string? DateFormat { get; init; }

    /// <summary>ISO 4217 code used when the file has no currency column or the cell is empty.</summary>
    public string? DefaultCurrency { get; init; }

    /// <summary>An order id starting with this marks a cancellation, read as a refund (Online Retail II: "C").</summary>
    public string? CancellationPrefix { get; init; }

    /// <summary>Use the e-mail as the customer id when there is no customer id column or it is empty (Shopify).</summary>
    public bool EmailIsCustomerId { get; init; }

    public char Delimiter { get; init; } = ',';

    /// <summary>Required fields: an order id, a date, quantity, unit price and a SKU or product name.</summary>
    internal static readonly OrderField[] Required = [OrderField.OrderId, OrderField.OrderedAt, OrderField.Quantity, OrderField.UnitPrice];

    /// <summary>UCI Online Retail II: Invoice starting with C = cancellation, GBP, empty Customer ID = guest.</summary>
    public static OrderFileFormat OnlineRetailII { get; } = new()
    {
        Name = "online-retail-ii",
        Columns = new Dictionary<OrderField, string>
        {
            [OrderField.OrderId] = "Invoice",
            [OrderField.Sku] = "StockCode",
            [OrderField.ProductName] = "Description",
            [OrderField.Quantity] = "Quantity",
            [OrderField.OrderedAt] = "InvoiceDate",
            [OrderField.UnitPrice] = "Price",
            [OrderField.CustomerId] = "Customer ID",
            [OrderField.Country] = "Country",
        },
        DateFormat = "yyyy-MM-dd HH:mm:ss",
        DefaultCurrency = "GBP",
        CancellationPrefix = "C",
    };

    /// <summary>
    /// Shopify's "Export orders" CSV: one row per line item, order-level fields (Email, Created at, Currency,
    /// Shipping, Cancelled at, Refunded Amount …) only on the first row of each order; the e-mail is the customer key.
    /// </summary>
    public static OrderFileFormat Shopify { get; } = new()
    {
        Name = "shopify",
        Columns = new Dictionary<OrderField, string>
        {
            [OrderField.OrderId] = "Name",
            [OrderField.Email] = "Email",
            [OrderField.OrderedAt] = "Created at",
            [OrderField.Currency] = "Currency",
            [OrderField.Quantity] = "Lineitem quantity",
            [OrderField.ProductName] = "Lineitem name",
            [OrderField.UnitPrice] = "Lineitem price",
            [OrderField.Sku] = "Lineitem sku",
            [OrderField.Discount] = "Lineitem discount",
            [OrderField.Shipping] = "Shipping",
            [OrderField.Country] = "Billing Country",
            [OrderField.CancelledAt] = "Cancelled at",
            [OrderField.RefundedAmount] = "Refunded Amount",
        },
        EmailIsCustomerId = true,
    };

    /// <summary>Retain's own documented layout: snake_case field names as column headers.</summary>
    public static OrderFileFormat Generic { get; } = new()
    {
        Name = "generic",
        Columns = Enum.GetValues<OrderField>().ToDictionary(f => f, FieldKey),
    };

    /// <summary>Picks <see cref="OnlineRetailII"/>, <see cref="Shopify"/> or <see cref="Generic"/> from the file's header.</summary>
    public static OrderFileFormat Auto { get; } = new() { Name = "auto", Columns = new Dictionary<OrderField, string>() };

    public static IReadOnlyList<OrderFileFormat> Presets { get; } = [Auto, OnlineRetailII, Shopify, Generic];

    /// <summary>The preset whose characteristic columns the header has; <see cref="Generic"/> otherwise.</summary>
    public static OrderFileFormat Detect(IReadOnlyList<string> header)
    {
        bool Has(string column) => header.Any(h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
        if (Has("Invoice") && Has("StockCode"))
            return OnlineRetailII;
        return Has("Lineitem quantity") && Has("Name") ? Shopify : Generic;
    }

    /// <summary>The preset called <paramref name="name"/>, or an <see cref="ArgumentException"/> listing the presets.</summary>
    public static OrderFileFormat FromPreset(string name) =>
        Presets.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown preset '{name}'. Presets: {string.Join(", ", Presets.Select(p => p.Name))}.", nameof(name));

    /// <summary>The snake_case key of a field in mappings and in the generic layout, e.g. <c>unit_price</c>.</summary>
    public static string FieldKey(OrderField field) => field switch
    {
        OrderField.OrderId => "order_id",
        OrderField.CustomerId => "customer_id",
        OrderField.OrderedAt => "ordered_at",
        OrderField.ProductName => "product_name",
        OrderField.UnitPrice => "unit_price",
        OrderField.CancelledAt => "cancelled_at",
        OrderField.RefundedAmount => "refunded_amount",
        _ => field.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// This format with a mapping applied: comma-separated <c>key=value</c> pairs where a key is a field
    /// (<c>order_id=Invoice,customer_id=Customer ID</c>; an empty value removes the column) or an option:
    /// <c>date_format</c>, <c>currency</c>, <c>cancel_prefix</c>, <c>delimiter</c> (a character or <c>tab</c>),
    /// <c>email_is_customer</c> (true/false). Throws <see cref="ArgumentException"/> on an unknown key.
    /// </summary>
    public OrderFileFormat WithMapping(string mapping)
    {
        var columns = new Dictionary<OrderField, string>(Columns);
        var result = this with { Name = Name + "+mapping" };
        foreach (var pair in mapping.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new ArgumentException($"Mapping entry '{pair}' is not key=value.", nameof(mapping));
            var key = pair[..eq].Trim().ToLowerInvariant();
            var value = pair[(eq + 1)..].Trim();
            switch (key)
            {
                case "date_format": result = result with { DateFormat = value.Length == 0 ? null : value }; break;
                case "currency": result = result with { DefaultCurrency = value.Length == 0 ? null : value.ToUpperInvariant() }; break;
                case "cancel_prefix": result = result with { CancellationPrefix = value.Length == 0 ? null : value }; break;
                case "email_is_customer": result = result with { EmailIsCustomerId = bool.Parse(value) }; break;
                case "delimiter":
                    result = result with { Delimiter = value.Equals("tab", StringComparison.OrdinalIgnoreCase) ? '\t' : value.Length == 1 ? value[0] : throw new ArgumentException($"Delimiter '{value}' must be one character or 'tab'.", nameof(mapping)) };
                    break;
                default:
                    var field = Enum.GetValues<OrderField>().Cast<OrderField?>().FirstOrDefault(f => FieldKey(f!.Value) == key)
                        ?? throw new ArgumentException(
                            $"Unknown mapping key '{key}'. Fields: {string.Join(", ", Enum.GetValues<OrderField>().Select(FieldKey))}; options: date_format, currency, cancel_prefix, delimiter, email_is_customer.",
                            nameof(mapping));
                    if (value.Length == 0)
                        columns.Remove(field);
                    else
                        columns[field] = value;
                    break;
            }
        }
        if (result.DefaultCurrency is { } currency && !Iso4217.IsKnown(currency))
            throw new ArgumentException($"Currency '{currency}' is not an ISO 4217 code.", nameof(mapping));
        return result with { Columns = columns };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Columns.Count} columns)");
}
