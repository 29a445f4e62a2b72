using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;

namespace Retain.Server.Tests;

public sealed class MeasureEndpointTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static ImportedOrder Order(string id, string? customer, string day, decimal amount) =>
        new(id, ImportedOrderKind.Order, customer, DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), "PLN",
            [new ImportedLine(1, "SKU-" + id, "Product " + id, null, 1, amount, 0m)]);

    /// <summary>Customer a: two orders and a refund; b: one order; and one guest order.</summary>
    private static Task SeedSmallShop(IServiceProvider services) =>
        services.GetRequiredService<OrderImporter>().ImportAsync(new ImportSource("small-shop.csv",
        [
            Order("1", "a", "2025-01-10", 100m),
            Order("2", "b", "2025-01-15", 200m),
            Order("3", null, "2025-01-20", 30m),
            Order("4", "a", "2025-02-10", 50m),
            Order("R4", "a", "2025-02-20", 20m) with { Kind = ImportedOrderKind.Refund, RefundsOrderExternalId = "4" },
        ]) { BaseCurrency = "PLN", FileSha256 = "small-shop" });

    [Fact]
    public async Task Kpis_OfASmallShop_AreThePRODUCTmdDefinitions()
    {
        await using var app = await TestApp.StartAsync(seed: SeedSmallShop);
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/measure/kpis?from=2025-01-01&to=2025-02-28", Ct));
        var current = json.RootElement.GetProperty("current");
        Assert.Equal(2, current.GetProperty("customers").GetInt32());
        Assert.Equal(4, current.GetProperty("orders").GetInt32());
        Assert.Equal(1, current.GetProperty("guestOrders").GetInt32());
        Assert.Equal(380m, current.GetProperty("revenue").GetDecimal());
        Assert.Equal(20m, current.GetProperty("refunds").GetDecimal());
        Assert.Equal(0.5, current.GetProperty("repeatPurchaseRate").GetDouble(), 9);
        Assert.Equal(95m, current.GetProperty("averageOrderValue").GetDecimal());
        Assert.Equal(1.5, current.GetProperty("purchaseFrequency").GetDouble(), 9);
        // Nobody ordered in the 59 days before the range: retention is undefined, not 0.
        Assert.Equal(JsonValueKind.Null, current.GetProperty("retentionRate").ValueKind);
    }

    [Fact]
    public async Task Report_HasEverySection()
    {
        await using var app = await TestApp.StartAsync(seed: SeedSmallShop);
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/measure/report", Ct));
        foreach (var section in new[] { "kpis", "trend", "cohorts", "rfm", "breakdowns", "headline" })
            Assert.True(json.RootElement.TryGetProperty(section, out _), $"missing {section}");
        Assert.Equal("PLN", json.RootElement.GetProperty("currency").GetString());
    }

    [Theory]
    [InlineData("/api/v1/measure/kpis?from=2025-03-01&to=2025-01-01", "from")]
    [InlineData("/api/v1/measure/cohorts?cohort=year", "cohort")]
    public async Task BadQuery_Returns400ProblemDetailsNamingTheField(string url, string field)
    {
        await using var app = await TestApp.StartAsync(seed: SeedSmallShop);
        var response = await app.Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task MalformedDate_Returns400()
    {
        await using var app = await TestApp.StartAsync(seed: SeedSmallShop);
        var response = await app.Client.GetAsync("/api/v1/measure/kpis?from=yesterday", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
