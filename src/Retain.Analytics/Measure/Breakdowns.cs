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
        // Each customer's key as a number (one dictionary look-up per customer, none per order).
        var names = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyOf = new int[data.Customers.Count];
        var anyKnown = false;
        for (var i = 0; i < keyOf.Length; i++)
        {
            var key = KeyOf(data.Customers[i], dimension);
            anyKnown |= key is not null;
            key ??= Unknown;
            if (!ids.TryGetValue(key, out var id))
            {
                ids[key] = id = names.Count;
                names.Add(key);
            }
            keyOf[i] = id;
        }
        if (!anyKnown)
            return [];
        var revenue = new decimal[names.Count];
        var sold = new bool[names.Count];
        foreach (var o in data.Orders)
        {
            if (!o.IsGuest && range.Contains(o.PlacedAt))
            {
                revenue[keyOf[o.Customer]] += o.Revenue;
                sold[keyOf[o.Customer]] = true;
            }
        }
        // Keys with an order in the period, by revenue; past the top ones, every other customer is "(other)".
        var ranked = Enumerable.Range(0, names.Count).Where(k => sold[k])
            .OrderByDescending(k => revenue[k]).ThenBy(k => names[k], StringComparer.Ordinal).ToList();
        var rows = ranked.Count > top ? top + 1 : ranked.Count;
        var row = new int[names.Count];
        Array.Fill(row, ranked.Count > top ? top : -1);
        for (var r = 0; r < Math.Min(top, ranked.Count); r++)
            row[ranked[r]] = r;
        var labels = ranked.Take(top).Select(k => names[k]).ToList();
        if (ranked.Count > top)
            labels.Add(Other);
        // One pass per period for all rows (each row used to get its own copy of the shop and its own passes).
        var groupOf = new int[keyOf.Length];
        for (var i = 0; i < keyOf.Length; i++)
            groupOf[i] = row[keyOf[i]];
        var current = Kpis.ForGroups(data, range, groupOf, rows);
        var previous = Kpis.ForGroups(data, range.PreviousPeriod(), groupOf, rows);
        return [.. labels.Select((key, i) => new BreakdownRow(key, new KpiComparison(current[i], previous[i])))];
    }

    public const string Other = "(other)";

    private static string? KeyOf(CustomerFact c, BreakdownDimension dimension) => dimension switch
    {
        BreakdownDimension.Country => c.Country,
        BreakdownDimension.Channel => c.Channel,
        _ => c.FirstCategory,
    };
}
