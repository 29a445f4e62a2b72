using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Retain.Core.Demo;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Recommendations;
using Retain.Core.Storage;
using Retain.Core.Tests.Storage;

namespace Retain.Core.Tests.Recommendations;

/// <summary>The serving side's retrains on both providers: the learned blend is reused until <c>TuneEvery</c> has passed.</summary>
public sealed class RecommendationServiceTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static ImportSource OneOrder(string id) => new($"{id}.csv",
    [
        new ImportedOrder(id, ImportedOrderKind.Order, "late-customer",
            DateTime.SpecifyKind(DateTime.Parse("2025-06-29", CultureInfo.InvariantCulture), DateTimeKind.Utc), "PLN",
            [new ImportedLine(1, "LATE-SKU", "Late product", null, 1, 10m, 0m)]),
    ]) { BaseCurrency = "PLN", FileSha256 = id };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Retrain_ReusesTheStoredBlend_UntilTuneEvery(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var importer = new OrderImporter(database.Factory, TimeProvider.System, NullLogger<OrderImporter>.Instance);
        await new DemoShopWriter(database.Factory, importer).WriteAsync(
            new DemoShopOptions { Customers = 400, EndDate = new DateOnly(2025, 6, 30), EventDays = 0 }, cancellationToken: Ct);
        var clock = new ManualClock(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero));
        using var service = new RecommendationService(database.Factory, Options.Create(new RecommendationOptions { TuneEvery = TimeSpan.FromHours(1) }),
            clock, NullLogger<RecommendationService>.Instance);

        var first = await service.RebuildAsync(force: false, Ct);
        Assert.NotNull(first.Model.Tuning); // a demo shop has enough history to learn the blend

        // New orders within the hour: a new model, the same blend (not learned again).
        await importer.ImportAsync(OneOrder("late-1"), cancellationToken: Ct);
        clock.Now += TimeSpan.FromMinutes(30);
        var second = await service.RebuildAsync(force: false, Ct);
        Assert.NotSame(first, second);
        Assert.Equal(first.Model.Log.Count + 1, second.Model.Log.Count);
        Assert.Same(first.Model.Tuning, second.Model.Tuning);

        // After TuneEvery the next retrain learns it again.
        await importer.ImportAsync(OneOrder("late-2"), cancellationToken: Ct);
        clock.Now += TimeSpan.FromHours(1);
        var third = await service.RebuildAsync(force: false, Ct);
        Assert.NotNull(third.Model.Tuning);
        Assert.NotSame(first.Model.Tuning, third.Model.Tuning);
    }
}
