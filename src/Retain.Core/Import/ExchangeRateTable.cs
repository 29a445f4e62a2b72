using Retain.Core.Shop;

namespace Retain.Core.Import;

/// <summary>The rates known to the shop, by currency, for finding the one valid on an order's date.</summary>
internal sealed class ExchangeRateTable
{
    private readonly string _baseCurrency;
    private readonly Dictionary<string, (DateOnly[] ValidFrom, decimal[] Rate)> _byCurrency;

    public ExchangeRateTable(string baseCurrency, IEnumerable<ExchangeRate> rates)
    {
        _baseCurrency = baseCurrency;
        _byCurrency = rates
            .GroupBy(r => r.Currency, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var sorted = g.OrderBy(r => r.ValidFrom).ToArray();
                    return (sorted.Select(r => r.ValidFrom).ToArray(), sorted.Select(r => r.Rate).ToArray());
                },
                StringComparer.Ordinal);
    }

    /// <summary>Base-currency units per unit of <paramref name="currency"/> on <paramref name="at"/>, or null when none is valid then.</summary>
    public decimal? Find(string currency, DateTime at)
    {
        if (string.Equals(currency, _baseCurrency, StringComparison.Ordinal))
            return 1m;
        if (!_byCurrency.TryGetValue(currency, out var table))
            return null;
        var index = Array.BinarySearch(table.ValidFrom, DateOnly.FromDateTime(at));
        if (index < 0)
            index = ~index - 1; // the last rate that became valid before that day
        return index >= 0 ? table.Rate[index] : null;
    }
}
