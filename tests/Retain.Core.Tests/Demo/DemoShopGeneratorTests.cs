using Retain.Core.Demo;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Tests.Demo;

public sealed class DemoShopGeneratorTests
{
    private static readonly DemoShopOptions Options = new() { Customers = 4_000, Seed = 7, EndDate = new DateOnly(2025, 12, 31) };

    private static List<DemoCustomerHistory> Generate(DemoShopOptions options) => [.. new DemoShopGenerator(options).Customers()];

    [Fact]
    public void SameSeed_GivesTheSameShop()
    {
        var a = Generate(Options with { Customers = 300 });
        var b = Generate(Options with { Customers = 300 });
        Assert.Equal(Flatten(a), Flatten(b));
    }

    [Fact]
    public void OtherSeed_GivesAnotherShop()
    {
        var a = Generate(Options with { Customers = 300 });
        var b = Generate(Options with { Customers = 300, Seed = 8 });
        Assert.NotEqual(Flatten(a), Flatten(b));
    }

    [Fact]
    public void Customer_IsIndependentOfHowManyOthersAreGenerated()
    {
        var small = new DemoShopGenerator(Options with { Customers = 10 }).Customer(5);
        var large = new DemoShopGenerator(Options).Customer(5);
        Assert.Equal(Flatten([small]), Flatten([large]));
    }

    [Fact]
    public void History_LiesWithinTheShopsLifetime_AndOrdersAreValid()
    {
        var shop = Generate(Options);
        var all = shop.SelectMany(h => h.Orders).ToList();
        Assert.All(all, o =>
        {
            Assert.InRange(o.PlacedAt, Options.Start, Options.End.AddTicks(-1));
            Assert.NotEmpty(o.Lines);
            Assert.All(o.Lines, l => Assert.True(l.Quantity > 0 && l.UnitPrice > 0 && l.Amount > 0));
        });
        Assert.Equal(all.Count, all.Select(o => o.ExternalId).Distinct().Count());
        // Every refund refers to an earlier, non-cancelled order of the same customer.
        var byId = all.ToDictionary(o => o.ExternalId);
        Assert.All(all.Where(o => o.Kind == ImportedOrderKind.Refund), r =>
        {
            var original = byId[r.RefundsOrderExternalId!];
            Assert.False(original.Cancelled);
            Assert.Equal(original.CustomerExternalId, r.CustomerExternalId);
            Assert.True(r.PlacedAt > original.PlacedAt);
        });
    }

    [Fact]
    public void Shop_LooksLikeARealShop()
    {
        var shop = Generate(Options);
        var orders = shop.SelectMany(h => h.Orders).Where(o => o.Kind == ImportedOrderKind.Order && !o.Cancelled).ToList();
        var perCustomer = shop.Select(h => h.Orders.Count(o => o.Kind == ImportedOrderKind.Order && !o.Cancelled)).ToList();
        var repeatRate = perCustomer.Count(n => n >= 2) / (double)perCustomer.Count(n => n >= 1);
        var returns = shop.SelectMany(h => h.Orders).Count(o => o.Kind == ImportedOrderKind.Refund) / (double)orders.Count;
        var aov = orders.Average(o => o.Lines.Sum(l => l.Amount));

        Assert.InRange(repeatRate, 0.25, 0.60);
        Assert.InRange(returns, 0.03, 0.10);
        Assert.InRange(aov, 80m, 400m);
        Assert.InRange(orders.Count / (double)shop.Count, 1.8, 5.0);
    }

    [Fact]
    public void Season_PeaksBeforeChristmas()
    {
        var orders = Generate(Options).SelectMany(h => h.Orders).Where(o => o.Kind == ImportedOrderKind.Order).ToList();
        var december = orders.Count(o => o.PlacedAt.Month == 12);
        var july = orders.Count(o => o.PlacedAt.Month == 7);
        Assert.True(december > 1.5 * july, $"December {december} vs July {july}");
    }

    [Fact]
    public void Channels_DifferInQuality()
    {
        var shop = Generate(Options with { Customers = 8_000 });
        double MeanOrders(string channel) => shop.Where(h => h.Customer.Channel == channel)
            .Average(h => h.Orders.Count(o => o.Kind == ImportedOrderKind.Order));
        Assert.True(MeanOrders("referral") > 1.3 * MeanOrders("marketplace"));
    }

    [Fact]
    public void Consents_AndEvents_ArePresent()
    {
        var shop = Generate(Options);
        Assert.All(shop, h => Assert.Contains(h.Consents, c => c.Purpose == "marketing" && c.Channel == "email"));
        var emailGranted = shop.Count(h => h.Consents.Last(c => c.Channel == "email").Granted) / (double)shop.Count;
        Assert.InRange(emailGranted, 0.45, 0.75);
        var events = shop.SelectMany(h => h.Events).ToList();
        Assert.Contains(events, e => e.Type == "added_to_cart");
        Assert.All(events, e => Assert.InRange(e.OccurredAt, Options.End.AddDays(-Options.EventDays - 1), Options.End));
    }

    private static List<string> Flatten(IEnumerable<DemoCustomerHistory> shop) =>
        [.. shop.SelectMany(h => h.Orders.Select(o =>
            $"{h.Customer.ExternalId}|{h.Customer.Email}|{o.ExternalId}|{o.PlacedAt:O}|{string.Join(';', o.Lines.Select(l => $"{l.Sku}x{l.Quantity}@{l.UnitPrice}-{l.Discount}"))}"))];
}
