using System.Runtime.CompilerServices;
using System.Globalization;
using Retain.Analytics.Data;

namespace Retain.Analytics.Measure;

public enum CohortGrain
{
    Month,
    /// <summary>ISO weeks, Monday to Sunday.</summary>
    Week,
}

/// <summary>
/// Acquisition cohorts: customers grouped by the month (or week) of their first order. Row c is a cohort, column k the
/// k-th period after it; <see cref="Customers"/>[c][k] = distinct cohort customers with an order in period c + k,
/// <see cref="Revenue"/>[c][k] = their revenue in it. Rows are ragged: they end at the last period with data.
/// </summary>
public sealed record CohortMatrix(
    CohortGrain Grain,
    IReadOnlyList<DateTime> CohortStarts,
    IReadOnlyList<string> Labels,
    IReadOnlyList<int> Sizes,
    IReadOnlyList<int[]> Customers,
    IReadOnlyList<decimal[]> Revenue)
{
    /// <summary>Every cell as a share of its cohort's size (0 for an empty cohort).</summary>
    public IReadOnlyList<double[]> RetentionShares =>
        [.. Customers.Select((row, c) => row.Select(n => Sizes[c] == 0 ? 0 : (double)n / Sizes[c]).ToArray())];

    /// <summary>Cell (c, k) as a share of the cohort's size.</summary>
    public double Retention(int cohort, int offset) => (double)Customers[cohort][offset] / Sizes[cohort];

    /// <summary>Mean of <see cref="Retention"/> at <paramref name="offset"/> over the cohorts that have that column.</summary>
    public double? MeanRetention(int offset)
    {
        var values = Enumerable.Range(0, Sizes.Count).Where(c => Customers[c].Length > offset).Select(c => Retention(c, offset)).ToList();
        return values.Count == 0 ? null : values.Average();
    }
}

public static class Cohorts
{
    /// <summary>
    /// The cohort matrix over the orders placed before <paramref name="until"/> (all orders when null); guests never
    /// belong to a cohort.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CohortMatrix Build(ShopData data, CohortGrain grain, DateTime? until = null)
    {
        var index = ShopIndex.For(data);
        var (_, to) = index.Slice(new DateRange(DateTime.MinValue, until ?? DateTime.MaxValue));
        var orders = data.Orders;
        var cohortOf = new int[data.Customers.Count];
        Array.Fill(cohortOf, int.MinValue);
        int first = int.MaxValue, last = int.MinValue;
        for (var i = 0; i < to; i++)
        {
            var o = orders[i];
            if (o.IsGuest)
                continue;
            var p = Period(o.PlacedAt, grain);
            if (index.Rank[i] == 0)
                cohortOf[o.Customer] = p;
            first = Math.Min(first, p);
            last = Math.Max(last, p);
        }
        if (first == int.MaxValue)
            return new CohortMatrix(grain, [], [], [], [], []);

        var n = last - first + 1;
        var sizes = new int[n];
        var customers = new int[n][];
        var revenue = new decimal[n][];
        for (var c = 0; c < n; c++)
        {
            customers[c] = new int[n - c];
            revenue[c] = new decimal[n - c];
        }
        foreach (var p in cohortOf)
        {
            if (p != int.MinValue)
                sizes[p - first]++;
        }
        // A customer counts once per period: remember the last period they were counted in.
        var counted = new int[data.Customers.Count];
        Array.Fill(counted, int.MinValue);
        for (var i = 0; i < to; i++)
        {
            var o = orders[i];
            if (o.IsGuest)
                continue;
            var cohort = cohortOf[o.Customer] - first;
            var p = Period(o.PlacedAt, grain);
            var k = p - first - cohort;
            revenue[cohort][k] += o.Revenue;
            if (counted[o.Customer] != p)
            {
                counted[o.Customer] = p;
                customers[cohort][k]++;
            }
        }
        var starts = Enumerable.Range(first, n).Select(p => Start(p, grain)).ToArray();
        var labels = starts.Select(s => Label(s, grain)).ToArray();
        return new CohortMatrix(grain, starts, labels, sizes, customers, revenue);
    }

    private static readonly DateTime Monday = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A period number: months since year 0, or weeks since a Monday.</summary>
    internal static int Period(DateTime t, CohortGrain grain) => grain == CohortGrain.Month
        ? t.Year * 12 + t.Month - 1
        : (int)Math.Floor((t - Monday).TotalDays / 7);

    internal static DateTime Start(int period, CohortGrain grain) => grain == CohortGrain.Month
        ? new DateTime(period / 12, period % 12 + 1, 1, 0, 0, 0, DateTimeKind.Utc)
        : Monday.AddDays(period * 7.0);

    internal static string Label(DateTime start, CohortGrain grain) => grain == CohortGrain.Month
        ? start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(start)}-W{ISOWeek.GetWeekOfYear(start):00}");
}
