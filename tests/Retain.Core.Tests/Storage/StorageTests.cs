using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Consents;
using Retain.Core.Customers;
using Retain.Core.Events;
using Retain.Core.Import;
using Retain.Core.Orders;
using Retain.Core.Products;
using Retain.Core.Shop;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Storage;

public sealed class StorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = new(2024, 3, 1, 10, 30, 15, DateTimeKind.Utc);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrate_OnEmptyDatabase_AppliesEveryMigrationOnce(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider, migrate: false);
        var migrator = test.CreateMigrator();

        var first = await migrator.MigrateAsync(Ct);
        var second = await migrator.MigrateAsync(Ct);

        first.Should().NotBeEmpty();
        second.Should().BeEmpty();
        await using var db = test.NewContext();
        (await db.Orders.CountAsync(Ct)).Should().Be(0);
        db.Provider.Should().Be(provider);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrate_DatabaseFromAnotherBuild_FailsWithAClearMessageAndChangesNothing(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        IEnumerable<string> before;
        await using (var db = test.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20200101000000_Gone', '10.0.0')""", Ct);
            before = await db.Database.GetAppliedMigrationsAsync(Ct);
        }

        var act = () => test.CreateMigrator().MigrateAsync(Ct);

        (await act.Should().ThrowAsync<SchemaMismatchException>()).WithMessage("*20200101000000_Gone*fresh database*");
        await using var after = test.NewContext();
        (await after.Database.GetAppliedMigrationsAsync(Ct)).Should().Equal(before).And.Contain("20200101000000_Gone");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RoundTrip_EveryEntity_ComesBackEqualWithUtcTimes(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            var category = new Category { ExternalId = "cat-1", Name = "Mugs" };
            db.Categories.Add(category);
            await db.SaveChangesAsync(Ct);
            var product = new Product { Sku = "MUG-1", Name = "Mug", CategoryId = category.Id, Price = 19.99m, Currency = "PLN", CreatedAt = T0, UpdatedAt = T0 };
            var customer = new Customer
            {
                ExternalId = "c-1", Email = "a@example.com", Phone = "+48123", FirstName = "Ala", LastName = "Kot",
                Birthday = new DateOnly(1990, 5, 17), Country = "PL", Language = "pl", AcquisitionChannel = "ads",
                AttributesJson = """{"vip":"yes"}""", CreatedAt = T0, UpdatedAt = T0,
            };
            db.AddRange(product, customer);
            await db.SaveChangesAsync(Ct);
            var order = new Order
            {
                ExternalId = "o-1", CustomerId = customer.Id, PlacedAt = T0, Status = OrderStatus.Paid, Currency = "EUR",
                ExchangeRate = 4.31234567m, Shipping = 12.5m, Revenue = 1234567.8912m, Country = "PL", Source = "api",
                ContentHash = "abc", CreatedAt = T0, UpdatedAt = T0,
                Lines = [new OrderLine { LineNo = 1, ProductId = product.Id, Sku = "MUG-1", Name = "Mug", Quantity = 3, UnitPrice = 0.0001m, Discount = 0.5m }],
            };
            db.Orders.Add(order);
            await db.SaveChangesAsync(Ct);
            db.Refunds.Add(new Refund
            {
                ExternalId = "r-1", OrderId = order.Id, CustomerId = customer.Id, RefundedAt = T0.AddDays(2), Kind = RefundKind.Return,
                Currency = "EUR", ExchangeRate = 4.3m, Amount = 10.25m, Reason = "broken", Source = "api", CreatedAt = T0,
                Lines = [new RefundLine { LineNo = 1, OrderId = order.Id, OrderLineNo = 1, Sku = "MUG-1", Quantity = 1, Amount = 10.25m }],
            });
            db.Events.Add(new CustomerEvent { ExternalId = "e-1", CustomerId = customer.Id, Type = EventTypes.ViewedProduct, OccurredAt = T0, ProductId = product.Id, PropertiesJson = "{}" });
            db.Consents.Add(new Consent { CustomerId = customer.Id, Purpose = "marketing", Channel = "email", Granted = true, LawfulBasis = "consent", TextVersion = "v1", Source = "checkout", RecordedAt = T0 });
            db.ExchangeRates.Add(new ExchangeRate { Currency = "EUR", ValidFrom = new DateOnly(2024, 1, 1), Rate = 4.31234567m });
            db.ImportRuns.Add(new ImportRun { FileName = "f.csv", FileSha256 = "00", Preset = "generic", StartedAt = T0, FinishedAt = T0.AddSeconds(1), LinesRead = 5, OrdersInserted = 1 });
            await db.SetBaseCurrencyAsync("GBP", Ct);
        }

        await using (var db = test.NewContext())
        {
            var customer = await db.Customers.SingleAsync(Ct);
            customer.Birthday.Should().Be(new DateOnly(1990, 5, 17));
            customer.CreatedAt.Should().Be(T0);
            customer.CreatedAt.Kind.Should().Be(DateTimeKind.Utc);
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(Ct);
            order.PlacedAt.Kind.Should().Be(DateTimeKind.Utc);
            order.PlacedAt.Should().Be(T0);
            order.ExchangeRate.Should().Be(4.31234567m);
            order.Revenue.Should().Be(1234567.8912m);
            order.Shipping.Should().Be(12.5m);
            order.Status.Should().Be(OrderStatus.Paid);
            order.Lines.Should().ContainSingle().Which.UnitPrice.Should().Be(0.0001m);
            var refund = await db.Refunds.Include(r => r.Lines).SingleAsync(Ct);
            refund.Kind.Should().Be(RefundKind.Return);
            (refund.Lines.Single().OrderId, refund.Lines.Single().OrderLineNo).Should().Be((order.Id, order.Lines[0].LineNo));
            (await db.Products.SingleAsync(Ct)).Price.Should().Be(19.99m);
            (await db.Events.SingleAsync(Ct)).OccurredAt.Kind.Should().Be(DateTimeKind.Utc);
            (await db.Consents.SingleAsync(Ct)).Granted.Should().BeTrue();
            (await db.ExchangeRates.SingleAsync(Ct)).Rate.Should().Be(4.31234567m);
            (await db.ImportRuns.SingleAsync(Ct)).FinishedAt.Should().Be(T0.AddSeconds(1));
            (await db.GetBaseCurrencyAsync(Ct)).Should().Be("GBP");
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Money_IsComparedAndSummedExactlyInSql(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        decimal[] revenues = [9.5m, 10.25m, 100.0001m, 0.1m, 0.2m];
        for (var i = 0; i < revenues.Length; i++)
            db.Orders.Add(new Order { ExternalId = $"o{i}", Currency = "PLN", Revenue = revenues[i], PlacedAt = T0.AddDays(i), CreatedAt = T0, UpdatedAt = T0 });
        await db.SaveChangesAsync(Ct);

        var total = await db.Orders.SumAsync(o => o.Revenue, Ct);
        var above10 = await db.Orders.Where(o => o.Revenue > 10m).OrderBy(o => o.Revenue).Select(o => o.ExternalId).ToListAsync(Ct);
        var after = await db.Orders.CountAsync(o => o.PlacedAt >= T0.AddDays(3), Ct);

        total.Should().Be(120.0501m);
        above10.Should().Equal("o1", "o2");
        after.Should().Be(2);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ExternalIds_AreUnique(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AssertDuplicateRejected(test, db => db.Customers.Add(new Customer { ExternalId = "dup", CreatedAt = T0, UpdatedAt = T0 }));
        await AssertDuplicateRejected(test, db => db.Orders.Add(new Order { ExternalId = "dup", Currency = "PLN", PlacedAt = T0, CreatedAt = T0, UpdatedAt = T0 }));
        await AssertDuplicateRejected(test, db => db.Refunds.Add(new Refund { ExternalId = "dup", Currency = "PLN", RefundedAt = T0, CreatedAt = T0 }));
        await AssertDuplicateRejected(test, db => db.Products.Add(new Product { Sku = "dup", Name = "x", CreatedAt = T0, UpdatedAt = T0 }));
        await AssertDuplicateRejected(test, db => db.Categories.Add(new Category { ExternalId = "dup", Name = "x" }));
        await using (var db = test.NewContext())
        {
            db.Customers.Add(new Customer { ExternalId = "owner", CreatedAt = T0, UpdatedAt = T0 });
            await db.SaveChangesAsync(Ct);
        }
        var owner = await GetCustomerId(test, "owner");
        await AssertDuplicateRejected(test, db => db.Events.Add(new CustomerEvent { ExternalId = "dup", CustomerId = owner, Type = "x", OccurredAt = T0 }));

        // Events without an external id are not deduplicated.
        await using var events = test.NewContext();
        events.Events.AddRange(
            new CustomerEvent { CustomerId = owner, Type = "x", OccurredAt = T0 },
            new CustomerEvent { CustomerId = owner, Type = "x", OccurredAt = T0 });
        await events.SaveChangesAsync(Ct);
        (await events.Events.CountAsync(e => e.ExternalId == null, Ct)).Should().Be(2);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task DeletingAnOrder_DeletesItsLines_AndForeignKeysAreEnforced(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            db.Orders.Add(new Order { ExternalId = "o", Currency = "PLN", PlacedAt = T0, CreatedAt = T0, UpdatedAt = T0, Lines = [new OrderLine { LineNo = 1, Sku = "a", Quantity = 1 }] });
            await db.SaveChangesAsync(Ct);
            await db.Orders.Where(o => o.ExternalId == "o").ExecuteDeleteAsync(Ct);
            (await db.OrderLines.CountAsync(Ct)).Should().Be(0);
        }
        await using (var db = test.NewContext())
        {
            db.Orders.Add(new Order { ExternalId = "bad", CustomerId = 424242, Currency = "PLN", PlacedAt = T0, CreatedAt = T0, UpdatedAt = T0 });
            await FluentActions.Awaiting(() => db.SaveChangesAsync(Ct)).Should().ThrowAsync<DbUpdateException>();
        }
    }

    private static async Task<long> GetCustomerId(TestDatabase test, string externalId)
    {
        await using var db = test.NewContext();
        return await db.Customers.Where(c => c.ExternalId == externalId).Select(c => c.Id).SingleAsync(Ct);
    }

    private static async Task AssertDuplicateRejected(TestDatabase test, Action<RetainDbContext> add)
    {
        await using (var db = test.NewContext())
        {
            add(db);
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = test.NewContext())
        {
            add(db);
            await FluentActions.Awaiting(() => db.SaveChangesAsync(Ct)).Should().ThrowAsync<DbUpdateException>();
        }
    }
}
