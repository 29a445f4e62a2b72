using Microsoft.EntityFrameworkCore;
using Retain.Core.Shop;

namespace Retain.Core.Storage;

/// <summary>Typed access to the shop-wide settings kept in <see cref="RetainDbContext.Settings"/>.</summary>
public static class ShopSettings
{
    public const string BaseCurrencyKey = "base_currency";
    public const string DefaultBaseCurrency = "PLN";

    /// <summary>The ISO 4217 code every stored revenue is converted to; <see cref="DefaultBaseCurrency"/> until set.</summary>
    public static async Task<string> GetBaseCurrencyAsync(this RetainDbContext db, CancellationToken cancellationToken = default) =>
        await db.GetSettingAsync(BaseCurrencyKey, cancellationToken) ?? DefaultBaseCurrency;

    public static Task SetBaseCurrencyAsync(this RetainDbContext db, string currency, CancellationToken cancellationToken = default)
    {
        if (!IsCurrencyCode(currency))
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code (three upper-case letters).", nameof(currency));
        return db.SetSettingAsync(BaseCurrencyKey, currency, cancellationToken);
    }

    public static async Task<string?> GetSettingAsync(this RetainDbContext db, string key, CancellationToken cancellationToken = default) =>
        await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Inserts or updates one setting and saves at once.</summary>
    public static async Task SetSettingAsync(this RetainDbContext db, string key, string value, CancellationToken cancellationToken = default)
    {
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting is null)
            db.Settings.Add(new ShopSetting { Key = key, Value = value });
        else
            setting.Value = value;
        await db.SaveChangesAsync(cancellationToken);
    }

    public static bool IsCurrencyCode(string? value) =>
        value is { Length: 3 } && value.All(char.IsAsciiLetterUpper);
}
