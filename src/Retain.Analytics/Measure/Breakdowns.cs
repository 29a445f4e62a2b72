using System.Runtime.CompilerServices;
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
    /// <paramref name="top"/> rows with the rest folded into "(other)". Empty when no customer has a value for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<BreakdownRow> By(ShopData data, BreakdownDimension dimension, DateRange range, int top = 15)
    {
        var keys = new string[data.Customers.Count];
        var anyKnown = false;
        for (var i = 0; i < keys.Length; i++)
        {
            var key = KeyOf(data.Customers[i], dimension);
            anyKnown |= key is not null;
            keys[i] = key ?? Unknown;
        }
        if (!anyKnown)
            return [];
        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var o in data.Orders)
        {
            if (!o.IsGuest && range.Contains(o.PlacedAt))
                revenue[keys[o.Customer]] = revenue.GetValueOrDefault(keys[o.Customer]) + o.Revenue;
        }
        var ranked = revenue.OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        if (ranked.Count > top)
        {
            var kept = ranked.Take(top).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                if (!kept.Contains(keys[i]))
                    keys[i] = Other;
            }
            ranked = [.. ranked.Take(top), Other];
        }
        var rows = new List<BreakdownRow>(ranked.Count);
        foreach (var key in ranked)
            rows.Add(new BreakdownRow(key, Kpis.Compare(Subset(data, keys, key), range)));
        return rows;
    }

    public const string Other = "(other)";

    private static string? KeyOf(CustomerFact c, BreakdownDimension dimension) => dimension switch
    {
        BreakdownDimension.Country => c.Country,
        BreakdownDimension.Channel => c.Channel,
        _ => c.FirstCategory,
    };

    /// <summary>The shop restricted to the customers whose key is <paramref name="key"/>, indices remapped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        var orders = new List<OrderFact>();
        foreach (var o in data.Orders)
        {
            if (!o.IsGuest && map[o.Customer] >= 0)
                orders.Add(o with { Customer = map[o.Customer] });
        }
        var refunds = new List<RefundFact>();
        foreach (var r in data.Refunds)
        {
            if (r.Customer >= 0 && map[r.Customer] >= 0)
                refunds.Add(r with { Customer = map[r.Customer] });
        }
        return new ShopData { Customers = customers, Orders = [.. orders], Refunds = [.. refunds], Currency = data.Currency };
    }
}
