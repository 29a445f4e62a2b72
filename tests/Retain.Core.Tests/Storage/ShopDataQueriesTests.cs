using AwesomeAssertions;
using Retain.Analytics.Data;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;
using Retain.Core.Tests.Import;

namespace Retain.Core.Tests.Storage;

public sealed class ShopDataQueriesTests
{
    private static readonly DateTime Day1 = new(2011, 1, 10, 9, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Load_GivesBackWhatTheImportWrote(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        var file = new ImportFileBuilder();
        file.Add(new ImportedOrder("o1", ImportedOrderKind.Order, "c1", Day1, "PLN",
            [new ImportedLine(2, "MUG", "Mug", "Kitchen", 2, 10.5m, 1m)]) { Country = "PL" });
        file.Add(new ImportedOrder("o2", ImportedOrderKind.Order, "c2", Day1.AddDays(1), "PLN",
            [new ImportedLine(3, "CUP", "Cup", "Tableware", 1, 3.25m, 0m)]) { Country = "DE" });
        file.Add(new ImportedOrder("o3", ImportedOrderKind.Order, null, Day1.AddDays(2), "PLN", [new ImportedLine(4, "CUP", "Cup", null, 4, 3.25m, 0m)]));
        file.Add(new ImportedOrder("o4", ImportedOrderKind.Order, "c1", Day1.AddDays(3), "PLN", [new ImportedLine(5, "CUP", "Cup", null, 1, 3.25m, 0m)]));
        file.Add(new ImportedOrder("o5", ImportedOrderKind.Order, "c2", Day1.AddDays(4), "PLN", [new ImportedLine(6, "MUG", "Mug", null, 1, 10.5m, 0m)]) { Cancelled = true });
        file.Refund("r1", "c1", Day1.AddDays(5), "o1", ("MUG", 1, 10.5m));
        await test.ImportAsync(file);

        await using var db = test.NewContext();
        var data = await ShopDataQueries.LoadAsync(db, TestContext.Current.CancellationToken);

        data.Currency.Should().Be("PLN");
        data.Customers.Should().Equal(new CustomerFact("c1", "PL", null, "Kitchen"), new CustomerFact("c2", "DE", null, "Tableware"));
        data.Orders.Should().Equal(
            new OrderFact(0, Day1, 20m),
            new OrderFact(1, Day1.AddDays(1), 3.25m),
            new OrderFact(OrderFact.Guest, Day1.AddDays(2), 13m),
            new OrderFact(0, Day1.AddDays(3), 3.25m));
        data.Orders.Should().OnlyContain(o => o.PlacedAt.Kind == DateTimeKind.Utc);
        data.Refunds.Should().Equal(new RefundFact(0, Day1.AddDays(5), 10.5m));
    }
}
