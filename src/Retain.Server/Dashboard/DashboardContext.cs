using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Server.Dashboard;

/// <summary>
/// What every page of one request shares: the shop's base currency (read once) and locale-aware formatting in the
/// request's culture. Raw values for <c>data-value</c> attributes are invariant, so tests and scripts read them exactly.
/// </summary>
public sealed class DashboardContext(IDbContextFactory<RetainDbContext> contexts)
{
    private string? _currency;

    public static CultureInfo Culture => CultureInfo.CurrentCulture;

    public async Task<string> CurrencyAsync(CancellationToken cancellationToken = default)
    {
        if (_currency is null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            _currency = await db.GetBaseCurrencyAsync(cancellationToken);
        }
        return _currency;
    }

    /// <summary>The base currency once <see cref="CurrencyAsync"/> has run (pages call it in their initialization).</summary>
    public string Currency => _currency ?? "";

    public string Money(decimal? value, int decimals = 2) => value is { } v ? Format.Money(v, Currency, decimals) : Format.Missing;

    public string Money(double? value, int decimals = 2) => value is { } v && double.IsFinite(v) ? Format.Money((decimal)v, Currency, decimals) : Format.Missing;
}

/// <summary>Numbers, money, shares and dates in the current culture; <see cref="Missing"/> for an undefined value.</summary>
public static class Format
{
    public const string Missing = "—";

    public static string Number(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Number(double? value, int decimals = 1) =>
        value is { } v && double.IsFinite(v) ? v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture) : Missing;

    public static string Percent(double? share, int decimals = 1) =>
        share is { } s && double.IsFinite(s) ? s.ToString("P" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture) : Missing;

    /// <summary>
    /// Money in the culture's pattern with the currency's local symbol where the culture has one (zł for PLN in Polish),
    /// else its ISO code followed by a space ("PLN 1,234.56").
    /// </summary>
    public static string Money(decimal value, string currency, int decimals = 2)
    {
        var culture = CultureInfo.CurrentCulture;
        var nf = (NumberFormatInfo)culture.NumberFormat.Clone();
        nf.CurrencyDecimalDigits = decimals;
        if (!culture.IsNeutralCulture && new RegionInfo(culture.Name).ISOCurrencySymbol == currency)
            return value.ToString("C", nf);
        nf.CurrencySymbol = currency;
        // Patterns that glue a symbol to the number ("$n") need a space once the symbol is a three-letter code.
        nf.CurrencyPositivePattern = nf.CurrencyPositivePattern switch { 0 => 2, 1 => 3, var p => p };
        nf.CurrencyNegativePattern = nf.CurrencyNegativePattern switch { 1 => 9, 5 => 8, var p => p };
        return value.ToString("C", nf);
    }

    public static string Date(DateTime? value) => value is { } v ? v.ToString("d", CultureInfo.CurrentCulture) : Missing;

    public static string DateTime(DateTime? value) => value is { } v ? v.ToString("g", CultureInfo.CurrentCulture) : Missing;

    /// <summary>An exact, culture-free form for <c>data-value</c> attributes.</summary>
    public static string Raw(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Raw(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    public static string Raw(int value) => value.ToString(CultureInfo.InvariantCulture);
}
