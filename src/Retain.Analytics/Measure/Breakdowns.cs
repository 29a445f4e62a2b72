using Retain.Analytics.Data;

namespace Retain.Analytics.Measure;

public enum BreakdownDimension
{
    Country,
    Channel,
    FirstCategory,
}

/// <summary>The KPIs of the customers that share one value of a dimension (guests are in no group).</summary>
public sealed record BreakdownRow(string Key, KpiComparison Kpis);

public static class Breakdowns
{
    /// <summary>The label of customers without a value for the dimension.</summary>
    public const string Unknown = "(unknown)";

    /// <summary>
    /// One row per value of <paramref name="dimension"/>, largest by current-period customer revenue first, at most
    /// <paramref name="top"/> rows with the rest folded into "(other)".
    /// </summary>
    public static IReadOnlyList<BreakdownRow> By(ShopData data, BreakdownDimension dimension, DateRange range, int top = 15)
    {
        var keys = data.Customers.Select(c => KeyOf(c, dimension) ?? Unknown).ToArray();
        var ranked = data.Orders.Where(o => !o.IsGuest && range.Contains(o.PlacedAt))
            .GroupBy(o => keys[o.Customer], StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Revenue: g.Sum(o => o.Revenue)))
            .OrderByDescending(g => g.Revenue).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .ToList();
        var kept = ranked.Take(top).ToHashSet(StringComparer.Ordinal);
        if (ranked.Count > top)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (!kept.Contains(keys[i]))
                    keys[i] = "(other)";
            }
        }
        var groups = ranked.Count > top ? [.. ranked.Take(top), "(other)"] : ranked;
        return [.. groups.Select(key => new BreakdownRow(key, Kpis.Compare(Subset(data, keys, key), range)))];
    }

    private static string? KeyOf(CustomerFact c, BreakdownDimension dimension) => dimension switch
    {
        BreakdownDimension.Country => c.Country,
        BreakdownDimension.Channel => c.Channel,
        _ => c.FirstCategory,
    };

    /// <summary>The shop restricted to the customers whose key is <paramref name="key"/>, indices remapped.</summary>
    private static ShopData Subset(ShopData data, string[] keys, string key)
    {
        var map = new int[keys.Length];
        var customers = new List<CustomerFact>();
        for (var i = 0; i < keys.Length; i++)
        {
            map[i] = keys[i] == key ? customers.Count : -1;
            if (map[i] >= 0)
                customers.Add(data.Customers[i]);
        }
        return new ShopData
        {
            Customers = customers,
            Orders = [.. data.Orders.Where(o => !o.IsGuest && map[o.Customer] >= 0).Select(o => o with { Customer = map[o.Customer] })],
            Refunds = [.. data.Refunds.Where(r => r.Customer >= 0 && map[r.Customer] >= 0).Select(r => r with { Customer = map[r.Customer] })],
            Currency = data.Currency,
        };
    }
}
