using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Import;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

/// <summary>
/// The shop's base currency and exchange rates as order writes need them, remembered for <see cref="Lifetime"/> so
/// that an order does not cost two extra queries. Both change rarely and never under live orders: the base currency
/// only while the shop has no orders (an import or the demo sets it), rates when the shop adds one. A change made by
/// another process is seen within <see cref="Lifetime"/>; a currency with no valid rate in memory is always looked up
/// again, so a rate added for a currency that had none applies to the very next order.
/// </summary>
public sealed class CurrencyRates(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (ExchangeRateTable Table, DateTime Until)> _tables = new(StringComparer.Ordinal);
    private (string Currency, DateTime Until)? _baseCurrency;

    public async Task<string> BaseCurrencyAsync(RetainDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_baseCurrency is { } known && now < known.Until)
            return known.Currency;
        var currency = await db.GetBaseCurrencyAsync(cancellationToken);
        _baseCurrency = (currency, now + Lifetime);
        return currency;
    }

    /// <summary>Base-currency units per unit of <paramref name="currency"/> on <paramref name="at"/>; null when no rate is valid then.</summary>
    public async Task<decimal?> FindAsync(RetainDbContext db, string currency, DateTime at, CancellationToken cancellationToken)
    {
        var baseCurrency = await BaseCurrencyAsync(db, cancellationToken);
        if (currency == baseCurrency)
            return 1m;
        var now = time.GetUtcNow().UtcDateTime;
        // A miss is never trusted from memory: the shop may have just added the rate its next order needs.
        if (_tables.TryGetValue(currency, out var entry) && now < entry.Until && entry.Table.Find(currency, at) is { } remembered)
            return remembered;
        var rates = await db.ExchangeRates.AsNoTracking().Where(r => r.Currency == currency).ToListAsync(cancellationToken);
        entry = (new ExchangeRateTable(baseCurrency, rates), now + Lifetime);
        _tables[currency] = entry;
        return entry.Table.Find(currency, at);
    }
}
