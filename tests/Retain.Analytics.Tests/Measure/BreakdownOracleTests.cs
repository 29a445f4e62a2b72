using Retain.Analytics.Data;
using Retain.Analytics.Measure;

namespace Retain.Analytics.Tests.Measure;

/// <summary>
/// The breakdowns compute every group in one pass; the definition is "the KPIs of the shop cut down to the group's
/// customers, their orders and their refunds". This checks the one against the other on a random shop.
/// </summary>
public sealed class BreakdownOracleTests
{
    private static readonly DateTime Start = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(BreakdownDimension.Country, 15)]
    [InlineData(BreakdownDimension.Country, 2)]
    [InlineData(BreakdownDimension.Channel, 15)]
    [InlineData(BreakdownDimension.FirstCategory, 1)]
    public void EveryRow_IsTheKpisOfTheShopCutDownToItsCustomers(BreakdownDimension dimension, int top)
    {
        var data = RandomShop(seed: 7);
        var range = DateRange.FromDays(new(2024, 4, 1), new(2024, 9, 30));

        var rows = Breakdowns.By(data, dimension, range, top);

        Assert.True(rows.Count >= 2, "the shop should split into several groups");
        if (top == 2)
            Assert.Equal(Breakdowns.Other, rows[^1].Key);
        var kept = rows.Select(r => r.Key).Where(k => k != Breakdowns.Other).ToHashSet();
        foreach (var row in rows)
        {
            bool InRow(CustomerFact c) => Key(c, dimension) is var k && (row.Key == Breakdowns.Other ? !kept.Contains(k) : k == row.Key);
            var expected = Kpis.Compare(Subset(data, InRow), range);
            Assert.Equal(expected.Current, row.Kpis.Current);
            Assert.Equal(expected.Previous, row.Kpis.Previous);
        }
    }

    private static string Key(CustomerFact c, BreakdownDimension dimension) => (dimension switch
    {
        BreakdownDimension.Country => c.Country,
        BreakdownDimension.Channel => c.Channel,
        _ => c.FirstCategory,
    }) ?? Breakdowns.Unknown;

    /// <summary>The shop restricted to some customers, indices remapped; guests' orders and refunds dropped.</summary>
    private static ShopData Subset(ShopData data, Func<CustomerFact, bool> include)
    {
        var map = new int[data.Customers.Count];
        var customers = new List<CustomerFact>();
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = include(data.Customers[i]) ? customers.Count : -1;
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

    private static ShopData RandomShop(int seed)
    {
        var random = new Random(seed);
        string? Pick(params string?[] values) => values[random.Next(values.Length)];
        var customers = Enumerable.Range(0, 400)
            .Select(i => new CustomerFact($"c{i}", Pick("PL", "DE", "CZ", "FR", null), Pick("ads", "organic", null), Pick("mugs", "tea", "gifts")))
            .ToList();
        var orders = Enumerable.Range(0, 3_000)
            .Select(_ => new OrderFact(random.Next(10) == 0 ? OrderFact.Guest : random.Next(customers.Count),
                Start.AddMinutes(random.Next(2 * 365 * 24 * 60)), Math.Round((decimal)(random.NextDouble() * 200), 2)))
            .OrderBy(o => o.PlacedAt).ToArray();
        var refunds = Enumerable.Range(0, 250)
            .Select(_ => orders[random.Next(orders.Length)])
            .Select(o => new RefundFact(o.Customer, o.PlacedAt.AddDays(random.Next(1, 40)), Math.Round(o.Revenue / 2, 2)))
            .OrderBy(r => r.RefundedAt).ToArray();
        return new ShopData { Customers = customers, Orders = orders, Refunds = refunds };
    }
}

public sealed class SumOfLargestTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 2)]
    [InlineData(1_000, 200)]
    [InlineData(1_000, 1_000)]
    [InlineData(5_001, 1_001)]
    public void EqualsTheSumOfTheTopOfASort(int n, int k)
    {
        var random = new Random(n + k);
        // Few distinct values, so that ties around the k-th are the rule, not the exception.
        var values = Enumerable.Range(0, n).Select(_ => random.Next(50) / 4m).ToArray();
        var expected = values.OrderDescending().Take(k).Sum();

        Assert.Equal(expected, Kpis.SumOfLargest([.. values], k));
        Assert.Equal(values.OrderDescending().Take(k / 2).Sum(), Kpis.SumOfLargest([.. values.Order()], k / 2));
    }
}
