using AwesomeAssertions;
using Retain.Core.Loyalty;

namespace Retain.Core.Tests.Loyalty;

public sealed class RuleEvaluatorTests
{
    private static readonly LoyaltyRules Rules = new()
    {
        PointsPerUnit = 2m,
        CategoryMultipliers = new Dictionary<string, decimal> { ["mugs"] = 3m, ["sale"] = 0.5m },
        ProductMultipliers = new Dictionary<string, decimal> { ["GOLD-MUG"] = 10m },
    };

    public static TheoryData<string, decimal, string?, string?, long> Lines => new()
    {
        // name, net amount, sku, category, expected points
        { "base rate", 10m, null, null, 20 },
        { "rounds down", 10.49m, null, null, 20 },
        { "rounds down just below a point", 0.499m, null, null, 0 },
        { "category multiplier", 10m, "MUG", "mugs", 60 },
        { "fractional category multiplier rounds down", 9.99m, null, "sale", 9 },
        { "product multiplier wins over category", 10m, "GOLD-MUG", "mugs", 200 },
        { "unknown category is 1x", 10m, null, "other", 20 },
        { "zero amount", 0m, null, null, 0 },
        { "negative amount earns nothing", -5m, null, null, 0 },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void PointsForOrder_OneLine(string name, decimal amount, string? sku, string? category, long expected)
    {
        var points = RuleEvaluator.PointsForOrder(Rules, [new EarnLine("1", 1, amount, sku, category)]);

        points.Should().Equal([expected], name);
    }

    [Theory]
    [InlineData(49.99, 0)]
    [InlineData(50.00, 100)]
    [InlineData(120.00, 240)]
    public void MinimumOrder_AppliesToTheOrderTotal(decimal secondLine, long expected)
    {
        var rules = Rules with { MinimumOrder = 60m };

        var points = RuleEvaluator.PointsForOrder(rules, [new EarnLine("1", 1, 10m), new EarnLine("2", 2, secondLine)]);

        points.Sum().Should().Be(expected == 0 ? 0 : 20 + expected);
    }

    public static TheoryData<long[], long, long[]> Caps => new()
    {
        // weights, cap, expected shares (largest remainder, ties to the earlier line)
        { new long[] { 100, 100, 100 }, 100, new long[] { 34, 33, 33 } },
        { new long[] { 50, 30, 20 }, 10, new long[] { 5, 3, 2 } },
        { new long[] { 7, 3 }, 5, new long[] { 4, 1 } },
        { new long[] { 1, 1, 1, 1 }, 2, new long[] { 1, 1, 0, 0 } },
        { new long[] { 999, 1 }, 0, new long[] { 0, 0 } },
        { new long[] { 0, 5 }, 3, new long[] { 0, 3 } },
    };

    [Theory]
    [MemberData(nameof(Caps))]
    public void ShareOut_SumsExactlyToTheCap(long[] weights, long cap, long[] expected)
    {
        var shares = RuleEvaluator.ShareOut(weights, cap);

        shares.Should().Equal(expected);
        shares.Sum().Should().Be(cap);
    }

    [Fact]
    public void PerOrderCap_SharesTheCapOverLinesByTheirPoints()
    {
        var rules = Rules with { PerOrderCap = 50 };

        var points = RuleEvaluator.PointsForOrder(rules, [new EarnLine("1", 1, 30m), new EarnLine("2", 1, 10m, null, "mugs")]);

        // Uncapped 60 and 60: half each.
        points.Should().Equal(25, 25);
    }

    [Fact]
    public void PerOrderCap_AboveTheTotal_ChangesNothing()
    {
        var points = RuleEvaluator.PointsForOrder(Rules with { PerOrderCap = 1000 }, [new EarnLine("1", 1, 30m)]);

        points.Should().Equal(60);
    }

    public static TheoryData<long, int, int[], long[]> Splits => new()
    {
        // line points, units, refund split, expected reversal per refund
        { 10, 3, new[] { 1, 1, 1 }, new long[] { 3, 3, 4 } },
        { 10, 3, new[] { 2, 1 }, new long[] { 6, 4 } },
        { 10, 3, new[] { 3 }, new long[] { 10 } },
        { 7, 4, new[] { 1, 2, 1 }, new long[] { 1, 4, 2 } },
        { 1, 5, new[] { 1, 1, 1, 1, 1 }, new long[] { 0, 0, 0, 0, 1 } },
        { long.MaxValue / 2, 3, new[] { 1, 2 }, new long[] { long.MaxValue / 6, long.MaxValue / 2 - long.MaxValue / 6 } },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void ReversalFor_AnySplitOfAFullReturn_ReversesExactlyTheLinePoints(long points, int units, int[] split, long[] expected)
    {
        var returned = 0;
        long reversed = 0;
        var each = new List<long>();
        foreach (var quantity in split)
        {
            var r = RuleEvaluator.ReversalFor(points, units, returned, reversed, quantity);
            each.Add(r);
            returned += quantity;
            reversed += r;
        }

        each.Should().Equal(expected);
        reversed.Should().Be(points);
    }
}
