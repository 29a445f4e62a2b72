using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Orders;
using Retain.Core.Shop;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Import;

public sealed class OrderImporterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Day1 = new(2011, 1, 10, 9, 30, 0, DateTimeKind.Utc);

    private static ImportFileBuilder SmallShop() => new ImportFileBuilder()
        .Add(new ImportedOrder("o1", ImportedOrderKind.Order, "c1", Day1, "PLN",
            [new ImportedLine(2, "MUG", "Mug", "Kitchen", 2, 10.5m, 1m), new ImportedLine(3, "CUP", "Cup", null, 1, 3.25m, 0m)])
        { CustomerEmail = "c1@example.com", Country = "PL" })
        .Order("o2", "c2", Day1.AddDays(3), ("MUG", 1, 10.5m))
        .Order("o3", null, Day1.AddDays(4), ("CUP", 4, 3.25m))
        .Order("o4", "c1", Day1.AddDays(30), ("PLATE", 1, 99.99m))
        .Refund("r1", "c1", Day1.AddDays(5), "o1", ("MUG", 1, 10.5m));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_NewFile_WritesCustomersProductsOrdersRefundsAndGuests(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);

        var summary = await test.ImportAsync(SmallShop());

        summary.Should().BeEquivalentTo(new
        {
            OrdersInserted = 4, OrdersUpdated = 0, OrdersUnchanged = 0, RefundsInserted = 1,
            CustomersCreated = 2, ProductsCreated = 3, GuestOrders = 1, RejectedRows = 0, LinesRead = 6L, BaseCurrency = "PLN",
        });
        await using var db = test.NewContext();
        var o1 = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "o1", Ct);
        o1.Revenue.Should().Be(2 * 10.5m - 1m + 3.25m);
        o1.PlacedAt.Should().Be(Day1);
        o1.Status.Should().Be(OrderStatus.Placed);
        o1.Lines.OrderBy(l => l.LineNo).Select(l => (l.LineNo, l.Sku, l.Quantity, l.UnitPrice, l.Discount))
            .Should().Equal((1, "MUG", 2, 10.5m, 1m), (2, "CUP", 1, 3.25m, 0m));
        o1.Lines.Should().OnlyContain(l => l.ProductId != null);
        var c1 = await db.Customers.SingleAsync(c => c.ExternalId == "c1", Ct);
        (c1.Email, c1.Country).Should().Be(("c1@example.com", "PL"));
        o1.CustomerId.Should().Be(c1.Id);
        (await db.Orders.SingleAsync(o => o.ExternalId == "o3", Ct)).CustomerId.Should().BeNull();
        var mug = await db.Products.SingleAsync(p => p.Sku == "MUG", Ct);
        mug.Name.Should().Be("Product MUG", "the last name in the file wins");
        (await db.Categories.SingleAsync(c => c.Id == mug.CategoryId, Ct)).ExternalId.Should().Be("Kitchen", "a later empty category does not clear it");
        var refund = await db.Refunds.Include(r => r.Lines).SingleAsync(Ct);
        (refund.OrderId, refund.CustomerId, refund.Amount, refund.RefundedAt).Should().Be((o1.Id, c1.Id, 10.5m, Day1.AddDays(5)));
        (refund.Lines.Single().OrderId, refund.Lines.Single().OrderLineNo).Should().Be((o1.Id, o1.Lines.Single(l => l.Sku == "MUG").LineNo));
        var run = await db.ImportRuns.SingleAsync(Ct);
        (run.Status, run.OrdersInserted, run.Preset, run.FileName).Should().Be((ImportStatus.Succeeded, 4, "test", "orders.csv"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_SameFileTwice_CreatesNoDuplicates(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        await test.ImportAsync(SmallShop());
        var before = await test.SnapshotAsync();

        var again = await test.ImportAsync(SmallShop());

        again.Should().BeEquivalentTo(new
        {
            OrdersInserted = 0, OrdersUpdated = 0, OrdersUnchanged = 4, RefundsInserted = 0, RefundsUnchanged = 1,
            CustomersCreated = 0, ProductsCreated = 0,
        });
        (await test.SnapshotAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_ChangedOrder_ReplacesItWithItsLines(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        await test.ImportAsync(SmallShop());
        var changed = new ImportFileBuilder()
            .Order("o1", "c1", Day1, ("MUG", 5, 11m))
            .Order("o2", "c2", Day1.AddDays(3), ("MUG", 1, 10.5m));

        var summary = await test.ImportAsync(changed, "changed.csv");

        (summary.OrdersUpdated, summary.OrdersUnchanged, summary.OrdersInserted).Should().Be((1, 1, 0));
        await using var db = test.NewContext();
        var o1 = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "o1", Ct);
        o1.Revenue.Should().Be(55m);
        o1.Lines.Should().ContainSingle().Which.Should().BeEquivalentTo(new { LineNo = 1, Sku = "MUG", Quantity = 5, UnitPrice = 11m });
        (await db.OrderLines.CountAsync(Ct)).Should().Be(4);
        (await db.Orders.CountAsync(Ct)).Should().Be(4);
    }

    private static ImportFileBuilder SplitAndRepeated() => new ImportFileBuilder()
        .Order("o1", "c1", Day1, ("MUG", 1, 10m))
        .Order("o2", "c2", Day1, ("CUP", 1, 3m))
        .Order("o1", "c1", Day1, ("MUG", 2, 10m), ("CUP", 1, 3m))
        .Order("o2", "c2", Day1, ("CUP", 1, 3m))
        .Order("o1", "c1", Day1, ("MUG", 1, 10m));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_OrderSplitOverTheFile_IsMerged_AndWholeRepeatsAreSkipped(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);

        var summary = await test.ImportAsync(SplitAndRepeated());

        // o1 continues twice (the last group repeats a row o1 already has, as invoice 537374 of Online Retail II
        // does: a continuation, not a repeat); o2 comes back whole, which is a repeat.
        (summary.OrdersInserted, summary.MergedInFile, summary.RepeatedInFile).Should().Be((2, 2, 1));
        await using var db = test.NewContext();
        var o1 = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "o1", Ct);
        o1.Revenue.Should().Be(43m);
        o1.Lines.OrderBy(l => l.LineNo).Select(l => (l.LineNo, l.Sku, l.Quantity)).Should().Equal((1, "MUG", 1), (2, "MUG", 2), (3, "CUP", 1), (4, "MUG", 1));
        (await db.OrderLines.CountAsync(Ct)).Should().Be(5);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_SplitOrderRepeatedWhole_IsSkipped(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        // Invoice 537374's shape: split in two with a duplicated row, then the whole invoice again in one group.
        var file = new ImportFileBuilder()
            .Order("o1", "c1", Day1, ("MUG", 1, 10m), ("CARD", 12, 0.42m))
            .Order("o2", "c2", Day1, ("CUP", 1, 3m))
            .Order("o1", "c1", Day1, ("CARD", 12, 0.42m))
            .Order("o1", "c1", Day1, ("MUG", 1, 10m), ("CARD", 12, 0.42m), ("CARD", 12, 0.42m));

        var summary = await test.ImportAsync(file);

        (summary.OrdersInserted, summary.MergedInFile, summary.RepeatedInFile).Should().Be((2, 1, 1));
        await using var db = test.NewContext();
        (await db.Orders.SingleAsync(o => o.ExternalId == "o1", Ct)).Revenue.Should().Be(20.08m);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_SplitOrderAgain_IsUnchanged_AndKeepsItsRows(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        await test.ImportAsync(SplitAndRepeated());
        var before = await test.SnapshotAsync();

        var again = await test.ImportAsync(SplitAndRepeated());

        (again.OrdersUnchanged, again.OrdersUpdated, again.OrdersInserted).Should().Be((2, 0, 0));
        (await test.SnapshotAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_StoredOrderContinuedInALaterFile_GetsTheNewLines(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        await test.ImportAsync(new ImportFileBuilder().Order("o1", "c1", Day1, ("MUG", 1, 10m)));
        var later = new ImportFileBuilder()
            .Order("o1", "c1", Day1, ("MUG", 1, 10m))
            .Order("o9", "c1", Day1, ("X", 1, 1m))
            .Order("o1", "c1", Day1, ("CUP", 1, 3m));

        var summary = await test.ImportAsync(later, "later.csv");

        (summary.OrdersUpdated, summary.OrdersInserted).Should().Be((1, 1));
        await using var db = test.NewContext();
        var o1 = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "o1", Ct);
        (o1.Revenue, o1.Lines.Count).Should().Be((13m, 2));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_WhenTheParserThrowsMidway_LeavesTheDatabaseAsItWas(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        await test.ImportAsync(SmallShop());
        var before = await test.SnapshotAsync();
        var file = new ImportFileBuilder()
            .Order("o1", "c1", Day1, ("MUG", 9, 1m))
            .Order("new", "c9", Day1, ("NEW-SKU", 1, 1m));

        IEnumerable<ImportedOrder> Truncated()
        {
            foreach (var order in file.Orders)
                yield return order;
            throw new InvalidDataException("unexpected end of gzip stream");
        }

        var import = () => test.Importer.ImportAsync(new ImportSource(test.File("broken.csv.gz"), Truncated()), cancellationToken: Ct);

        await import.Should().ThrowAsync<InvalidDataException>();
        (await test.SnapshotAsync()).Should().Be(before);
        await using var db = test.NewContext();
        var failed = await db.ImportRuns.SingleAsync(r => r.Status == ImportStatus.Failed, Ct);
        failed.Error.Should().Contain("unexpected end of gzip stream");
        File.Exists(test.File("broken.csv.gz.rejects.csv")).Should().BeFalse();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_CurrencyWithoutRate_IsRejected_AndOneWithARateIsConverted(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            db.ExchangeRates.AddRange(
                new ExchangeRate { Currency = "EUR", ValidFrom = new DateOnly(2010, 1, 1), Rate = 4m },
                new ExchangeRate { Currency = "EUR", ValidFrom = new DateOnly(2011, 1, 10), Rate = 4.5m });
            await db.SaveChangesAsync(Ct);
        }
        var file = new ImportFileBuilder().Reject("Quantity is not a number");
        file.Add(new ImportedOrder("usd", ImportedOrderKind.Order, "c1", Day1, "USD", file.Lines(("MUG", 1, 10m), ("CUP", 1, 1m))));
        file.Add(new ImportedOrder("eur-old", ImportedOrderKind.Order, "c1", Day1.AddDays(-1), "eur", file.Lines(("MUG", 1, 10m))));
        file.Add(new ImportedOrder("eur-new", ImportedOrderKind.Order, "c1", Day1, "EUR", file.Lines(("MUG", 1, 10m))));
        file.Add(new ImportedOrder("gbp-early", ImportedOrderKind.Order, "c1", Day1, "GBP", file.Lines(("MUG", 1, 10m))));

        var summary = await test.ImportAsync(file);

        (summary.OrdersInserted, summary.RejectedRows).Should().Be((2, 4));
        summary.RejectsPath.Should().Be(test.File("orders.csv.rejects.csv"));
        var rejects = await File.ReadAllLinesAsync(summary.RejectsPath!, Ct);
        rejects[0].Should().Be("line,reason,raw");
        rejects.Skip(1).Select(l => l.Split(',')[0]).Should().Equal("2", "3", "4", "7");
        rejects[2].Should().Contain("order usd rejected: no exchange rate USD->PLN valid on 2011-01-10");
        rejects[4].Should().Contain("GBP");
        await using var check = test.NewContext();
        var revenue = await check.Orders.OrderBy(o => o.ExternalId).Select(o => new { o.ExternalId, o.Currency, o.ExchangeRate, o.Revenue }).ToListAsync(Ct);
        revenue.Should().BeEquivalentTo([
            new { ExternalId = "eur-new", Currency = "EUR", ExchangeRate = 4.5m, Revenue = 45m },
            new { ExternalId = "eur-old", Currency = "EUR", ExchangeRate = 4m, Revenue = 40m },
        ]);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_BaseCurrency_IsSetOnAnEmptyShop_AndCannotChangeOnceOrdersExist(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        var gbp = new ImportFileBuilder();
        gbp.Add(new ImportedOrder("o1", ImportedOrderKind.Order, "c1", Day1, "GBP", gbp.Lines(("MUG", 1, 10m))));

        var summary = await test.Importer.ImportAsync(gbp.ToSource(test.File("a.csv")) with { BaseCurrency = "GBP" }, cancellationToken: Ct);
        var change = () => test.Importer.ImportAsync(gbp.ToSource(test.File("a.csv")) with { BaseCurrency = "EUR" }, cancellationToken: Ct);

        (summary.BaseCurrency, summary.OrdersInserted, summary.RejectedRows).Should().Be(("GBP", 1, 0));
        await change.Should().ThrowAsync<InvalidOperationException>().WithMessage("*base currency is GBP*");
        await using var db = test.NewContext();
        (await db.GetBaseCurrencyAsync(Ct)).Should().Be("GBP");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_CustomerAttributes_LastNonEmptyValueWins(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        var file = new ImportFileBuilder();
        file.Add(new ImportedOrder("o1", ImportedOrderKind.Order, "c1", Day1, "PLN", file.Lines(("A", 1, 1m))) { Country = "PL", CustomerEmail = "old@x.pl" });
        file.Add(new ImportedOrder("o2", ImportedOrderKind.Order, "c1", Day1, "PLN", file.Lines(("A", 1, 1m))) { Country = "DE" });
        await test.ImportAsync(file);
        var later = new ImportFileBuilder();
        later.Add(new ImportedOrder("o3", ImportedOrderKind.Order, "c1", Day1, "PLN", later.Lines(("A", 1, 1m))) { CustomerEmail = "new@x.pl" });

        await test.ImportAsync(later, "later.csv");

        await using var db = test.NewContext();
        var c1 = await db.Customers.SingleAsync(Ct);
        (c1.Email, c1.Country).Should().Be(("new@x.pl", "DE"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_ReportsProgress(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        var file = new ImportFileBuilder();
        for (var i = 0; i < 4_500; i++)
            file.Order($"o{i}", $"c{i % 300}", Day1.AddMinutes(i), ("A", 1, 1m), ("B", 2, 0.5m));
        var reports = new List<ImportProgress>();

        var summary = await test.Importer.ImportAsync(file.ToSource(test.File("big.csv")), new SynchronousProgress(reports.Add), Ct);

        (summary.OrdersInserted, summary.CustomersCreated, summary.LinesRead).Should().Be((4_500, 300, 9_000L));
        reports.Select(r => r.Phase).Should().StartWith("reading").And.EndWith("done");
        reports.Should().Contain(r => r.OrdersRead == 4_000 && r.LinesRead == 8_000);
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
