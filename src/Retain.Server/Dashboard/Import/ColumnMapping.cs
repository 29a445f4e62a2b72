using System.Globalization;
using Retain.Core.Import.Parsing;

namespace Retain.Server.Dashboard.Import;

/// <summary>
/// Which file column holds which order field, as the import page shows and edits it, plus the options a file may
/// need (date format, currency when there is no currency column, delimiter). Turns into the
/// <see cref="OrderFileFormat"/> the import reads with.
/// </summary>
public sealed record ColumnMapping(IReadOnlyDictionary<OrderField, string> Columns, string? DateFormat, string? Currency, char Delimiter)
{
    public const string DefaultCurrencyKey = "default_currency";
    public const string DateFormatKey = "date_format";
    public const string DelimiterKey = "delimiter";

    public static IReadOnlyList<OrderField> Fields { get; } = Enum.GetValues<OrderField>();

    public static bool IsRequired(OrderField field) =>
        field is OrderField.OrderId or OrderField.OrderedAt or OrderField.Quantity or OrderField.UnitPrice;

    /// <summary>The preset's mapping restricted to the columns the file has.</summary>
    public static ColumnMapping Suggest(OrderFileFormat preset, IReadOnlyList<string> header) => new(
        preset.Columns.Where(c => FindColumn(header, c.Value) is not null).ToDictionary(c => c.Key, c => FindColumn(header, c.Value)!),
        preset.DateFormat, preset.DefaultCurrency, preset.Delimiter);

    /// <summary>
    /// Reads a posted form: one value per field key (<c>order_id</c>, …; empty = not in the file) and the options
    /// <c>date_format</c>, <c>default_currency</c>, <c>delimiter</c> (one character or <c>tab</c>). The option's key is not
    /// <c>currency</c>: that is the currency column's field key.
    /// </summary>
    public static ColumnMapping FromForm(IReadOnlyDictionary<string, string?> form)
    {
        var columns = new Dictionary<OrderField, string>();
        foreach (var field in Fields)
        {
            if (form.GetValueOrDefault(OrderFileFormat.FieldKey(field)) is { } column && column.Trim().Length > 0)
                columns[field] = column.Trim();
        }
        var delimiter = form.GetValueOrDefault(DelimiterKey)?.Trim() switch
        {
            null or "" => ',',
            var d when d.Equals("tab", StringComparison.OrdinalIgnoreCase) => '\t',
            var d => d[0],
        };
        return new ColumnMapping(columns, Blank(form.GetValueOrDefault(DateFormatKey)), Blank(form.GetValueOrDefault(DefaultCurrencyKey))?.ToUpperInvariant(), delimiter);
    }

    /// <summary>Problems by field key (empty when the mapping can be imported): what a user must fix before the import runs.</summary>
    public IReadOnlyDictionary<string, string> Validate(IReadOnlyList<string> header)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in Fields.Where(IsRequired).Where(f => !Columns.ContainsKey(f)))
            errors[OrderFileFormat.FieldKey(field)] = "required";
        if (!Columns.ContainsKey(OrderField.Sku) && !Columns.ContainsKey(OrderField.ProductName))
            errors[OrderFileFormat.FieldKey(OrderField.Sku)] = "sku_or_name";
        foreach (var (field, column) in Columns)
        {
            if (FindColumn(header, column) is null)
                errors[OrderFileFormat.FieldKey(field)] = "unknown_column";
        }
        if (!Columns.ContainsKey(OrderField.Currency) && Currency is null)
            errors[DefaultCurrencyKey] = "currency_needed";
        else if (Currency is not null && !IsCurrency(Currency))
            errors[DefaultCurrencyKey] = "currency_unknown";
        if (DateFormat is not null && !IsDateFormat(DateFormat))
            errors[DateFormatKey] = "date_format_invalid";
        if (Delimiter is '"' or '\r' or '\n' || Delimiter > 127)
            errors[DelimiterKey] = "delimiter_invalid";
        return errors;
    }

    /// <summary>The format to import with: the preset's rules (cancellation prefix, e-mail as customer id) with this mapping's columns and options.</summary>
    public OrderFileFormat ToFormat(OrderFileFormat preset)
    {
        var same = Columns.Count == preset.Columns.Count
            && Columns.All(c => preset.Columns.TryGetValue(c.Key, out var p) && string.Equals(p, c.Value, StringComparison.OrdinalIgnoreCase))
            && DateFormat == preset.DateFormat && Currency == preset.DefaultCurrency && Delimiter == preset.Delimiter;
        return preset with
        {
            Name = same ? preset.Name : preset.Name + "+mapping",
            Columns = new Dictionary<OrderField, string>(Columns),
            DateFormat = DateFormat,
            DefaultCurrency = Currency,
            Delimiter = Delimiter,
        };
    }

    private static string? FindColumn(IReadOnlyList<string> header, string column) =>
        header.FirstOrDefault(h => string.Equals(h.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // The parser's own list decides, through its public mapping syntax.
    private static bool IsCurrency(string code)
    {
        try
        {
            OrderFileFormat.Generic.WithMapping("currency=" + code);
            return code.Length == 3;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsDateFormat(string format)
    {
        try
        {
            var text = new DateTime(2024, 12, 31, 13, 45, 59).ToString(format, CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
