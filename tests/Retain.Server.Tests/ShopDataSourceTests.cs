using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Server.Measure;

namespace Retain.Server.Tests;

/// <summary>The measurement cache: read once, checked in the background, read again only when the data changed.</summary>
public sealed class ShopDataSourceTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static Task<ImportSummary> ImportAsync(IServiceProvider services, string name, params string[] orderIds) =>
        services.GetRequiredService<OrderImporter>().ImportAsync(new ImportSource(name,
            [.. orderIds.Select(id => new ImportedOrder(id, ImportedOrderKind.Order, "c-" + id, new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), "PLN",
                [new ImportedLine(1, "SKU-1", "Product", null, 1, 10m, 0m)]))]) { BaseCurrency = "PLN", FileSha256 = name }, cancellationToken: Ct);

    [Fact]
    public async Task StaleCopy_IsServedWhileTheChangedShopIsReadAgain_AndAnUnchangedShopIsNeverReadAgain()
    {
        // Every request is past CacheFor, so every request checks the fingerprint in the background.
        await using var app = await TestApp.StartAsync(seed: s => ImportAsync(s, "first.csv", "1", "2"),
            settings: new Dictionary<string, string?> { ["Retain:Measure:CacheFor"] = "00:00:00" });
        var source = app.Services.GetRequiredService<ShopDataSource>();

        var first = await source.GetAsync(Ct);
        Assert.Equal(2, first.Orders.Length);
        // Unchanged data: the check finds the same fingerprint and keeps the same copy, however often it runs.
        for (var i = 0; i < 5; i++)
            Assert.Same(first, await WhenSettledAsync(source));

        await ImportAsync(app.Services, "second.csv", "3");
        // The copy in hand answers at once (no request waits for a re-read) …
        Assert.Same(first, await source.GetAsync(Ct));
        // … and the re-read with the new order replaces it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var latest = first;
        while (latest.Orders.Length != 3 && DateTime.UtcNow < deadline)
            latest = await WhenSettledAsync(source);
        Assert.Equal(3, latest.Orders.Length);
        Assert.Same(latest, await WhenSettledAsync(source));
    }

    [Fact]
    public async Task Invalidate_MakesTheNextRequestReadTheShop()
    {
        await using var app = await TestApp.StartAsync(seed: s => ImportAsync(s, "first.csv", "1"));
        var source = app.Services.GetRequiredService<ShopDataSource>();
        var first = await source.GetAsync(Ct);
        await ImportAsync(app.Services, "second.csv", "2");
        Assert.Same(first, await source.GetAsync(Ct)); // within CacheFor (30 s): the copy in hand
        source.Invalidate();
        Assert.Equal(2, (await source.GetAsync(Ct)).Orders.Length);
    }

    /// <summary>A request, after any background check it starts has finished.</summary>
    private static async Task<Analytics.Data.ShopData> WhenSettledAsync(ShopDataSource source)
    {
        await source.GetAsync(Ct); // past CacheFor: starts a check
        await source.BackgroundCheck;
        return await source.GetAsync(Ct); // the copy the check left (it may start the next check, which changes nothing)
    }
}
