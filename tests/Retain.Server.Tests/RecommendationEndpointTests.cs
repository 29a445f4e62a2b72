using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Customers;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Server.Tests;

public sealed class RecommendationEndpointTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static ImportedOrder Order(string id, string customer, string day, params string[] skus) =>
        new(id, ImportedOrderKind.Order, customer, DateTime.SpecifyKind(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), "PLN",
            [.. skus.Select((sku, n) => new ImportedLine(n + 1, sku, "Product " + sku, null, 1, 10m, 0m))]);

    /// <summary>Mugs and tea go together; a and b buy them, c buys tea and biscuits; d is a customer with no orders.</summary>
    private static async Task SeedShop(IServiceProvider services)
    {
        await services.GetRequiredService<OrderImporter>().ImportAsync(new ImportSource("recs-shop.csv",
        [
            Order("1", "a", "2025-01-10", "MUG", "TEA"),
            Order("2", "a", "2025-02-10", "MUG", "TEA"),
            Order("3", "b", "2025-02-12", "MUG", "TEA"),
            Order("4", "c", "2025-02-15", "TEA", "BISCUIT"),
            Order("5", "b", "2025-02-20", "SPOON"),
        ]) { BaseCurrency = "PLN", FileSha256 = "recs-shop" }, cancellationToken: Ct);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RetainDbContext>();
        db.Customers.Add(new Customer { ExternalId = "d", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task Customer_GetsRecommendations_WithReasons()
    {
        await using var app = await TestApp.StartAsync(seed: SeedShop);
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/recommendations/customers/c?top=3&excludeBought=true", Ct));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        var skus = items.Select(i => i.GetProperty("sku").GetString()).ToList();
        Assert.DoesNotContain("TEA", skus);
        Assert.DoesNotContain("BISCUIT", skus);
        // c bought tea, which a and b bought with mugs.
        Assert.Equal("MUG", skus[0]);
        Assert.Equal("BecauseYouBought", items[0].GetProperty("reason").GetString());
        Assert.Equal("TEA", items[0].GetProperty("becauseOf").GetString());
        Assert.Contains("Product TEA", items[0].GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task CustomerWithoutOrders_GetsPopularItems()
    {
        await using var app = await TestApp.StartAsync(seed: SeedShop);
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/recommendations/customers/d", Ct));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("TEA", items[0].GetProperty("sku").GetString()); // 3 buyers
        Assert.All(items, i => Assert.Equal("PopularNow", i.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task UnknownCustomer_Returns404ProblemDetails()
    {
        await using var app = await TestApp.StartAsync(seed: SeedShop);
        var response = await app.Client.GetAsync("/api/v1/recommendations/customers/nobody", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SimilarProducts_AndUnknownSku()
    {
        await using var app = await TestApp.StartAsync(seed: SeedShop);
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/recommendations/products/MUG/similar?top=2", Ct));
        var first = json.RootElement.GetProperty("items")[0];
        Assert.Equal("TEA", first.GetProperty("sku").GetString());
        Assert.Equal("MUG", first.GetProperty("becauseOf").GetString());
        var missing = await app.Client.GetAsync("/api/v1/recommendations/products/NOPE/similar", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ProductNeverSold_GetsPopularItems_WithoutItself()
    {
        await using var app = await TestApp.StartAsync(seed: async services =>
        {
            await SeedShop(services);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RetainDbContext>();
            db.Products.Add(new Product { Sku = "KETTLE", Name = "Kettle", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/recommendations/products/KETTLE/similar?top=2", Ct));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        // Nobody bought the kettle: no "bought by the same customers", the shop's best sellers instead (tea 3 buyers, mug 2).
        Assert.Equal(["TEA", "MUG"], items.Select(i => i.GetProperty("sku").GetString()));
        Assert.All(items, i => Assert.Equal("PopularNow", i.GetProperty("reason").GetString()));
        Assert.All(items, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("becauseOf").ValueKind));
    }

    [Fact]
    public async Task Basket_GetsBoughtTogether()
    {
        await using var app = await TestApp.StartAsync(seed: SeedShop);
        var response = await app.Client.PostAsJsonAsync("/api/v1/recommendations/basket", new { skus = new[] { "TEA" }, top = 2 }, Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var first = json.RootElement.GetProperty("items")[0];
        Assert.Equal("MUG", first.GetProperty("sku").GetString()); // 3 baskets with tea and a mug, 1 with biscuits
        Assert.Equal("BoughtTogether", first.GetProperty("reason").GetString());
        Assert.Equal("TEA", first.GetProperty("becauseOf").GetString());
    }

    [Theory]
    [InlineData("/api/v1/recommendations/customers/a?top=0", "top")]
    [InlineData("/api/v1/recommendations/products/MUG/similar?top=1000", "top")]
    public async Task BadTop_Returns400NamingTheField(string url, string field)
    {
        await using var app = await TestApp.StartAsync(seed: SeedShop);
        var response = await app.Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task EmptyBasket_Returns400NamingSkus()
    {
        await using var app = await TestApp.StartAsync(seed: SeedShop);
        var response = await app.Client.PostAsJsonAsync("/api/v1/recommendations/basket", new { skus = Array.Empty<string>() }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("skus", out _));
    }
}
