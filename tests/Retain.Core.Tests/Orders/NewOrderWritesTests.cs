using Microsoft.EntityFrameworkCore;
using Retain.Core.Customers;
using Retain.Core.Orders;
using Retain.Core.Products;
using Retain.Core.Storage;
using Retain.Core.Tests.Storage;

namespace Retain.Core.Tests.Orders;

/// <summary>
/// A new order inside a transaction is written with hand-written SQL (<c>NewOrderWrites</c>); outside one, and for an
/// order stored already, through EF. Both must leave the same rows, and product ids may only be remembered once committed.
/// </summary>
public sealed class NewOrderWritesTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    // Sub-second, to catch a time stored in another text form than EF's on SQLite.
    private static readonly DateTime Now = new DateTime(2025, 5, 5, 10, 11, 12, DateTimeKind.Utc).AddTicks(1_234_567);

    private static OrderInput Input(string? customer, string? email, params OrderLineInput[] lines) =>
        new(customer, email, new DateTime(2025, 3, 1, 9, 30, 0, DateTimeKind.Utc), "pln", OrderStatus.Paid, 12.345m, "PL", lines);

    private static OrderLineInput L(int lineNo, string sku, string? name, int quantity, decimal unitPrice, decimal discount) =>
        new(lineNo, sku, name, quantity, unitPrice, discount);

    private static readonly (string Id, OrderInput Input)[] Orders =
    [
        // New customer with an e-mail; one SKU twice (the product is named by its first named line), discounts, sub-cent prices.
        ("o1", Input("c-new", "new@example.com", L(1, "SKU-A", null, 2, 10.12345m, 1.5m), L(2, "SKU-B", "Bee", 1, 99.99m, 0m), L(3, "SKU-A", "Ay", 1, 10m, 0m))),
        // A customer merged into another: the order goes to the survivor, whose missing e-mail is filled in.
        ("o2", Input("c-merged", "merged@example.com", L(1, "SKU-B", "Other name", 3, 5m, 0m))),
        ("o3", Input(null, null, L(1, "SKU-C", null, 1, 1m, 0m))),
        ("o4", Input("c-known", "known@example.com", L(1, "SKU-C", null, 1, 2m, 0m), L(5, "SKU-D", "Dee", 4, 0.5m, 0.25m))),
    ];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task NewOrdersInATransaction_WriteTheSameRowsAsTheEfPath(DatabaseProvider provider)
    {
        await using var lean = await TestDatabase.CreateAsync(provider);
        await using var tracked = await TestDatabase.CreateAsync(provider);
        var leanResults = await WriteAllAsync(lean, inTransaction: true);
        var trackedResults = await WriteAllAsync(tracked, inTransaction: false);

        Assert.Equal(new string?[] { "c-new", "c-target", null, "c-known" }, leanResults.Select(r => r.Customer));
        Assert.All(leanResults, r => Assert.Equal(WriteOutcome.Created, r.Outcome));
        Assert.Equal(trackedResults, leanResults);
        var rows = await DumpAsync(lean);
        Assert.Equal(await DumpAsync(tracked), rows);
        Assert.Contains(rows, r => r.StartsWith("Product SKU-A Ay ", StringComparison.Ordinal)); // named by its first named line
        Assert.Contains(rows, r => r.StartsWith("Customer c-target merged@example.com ", StringComparison.Ordinal));

        // Stored already: the same order again changes nothing, a changed one is updated (both through EF).
        await using var db = lean.NewContext();
        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            var again = await OrderWrites.UpsertAsync(db, Orders[0].Id, Orders[0].Input, "api", Now.AddHours(1), new CurrencyRates(TimeProvider.System), new ProductIds(), Ct);
            Assert.Equal(WriteOutcome.Unchanged, again.Outcome);
            var changed = await OrderWrites.UpsertAsync(db, "o3", Orders[2].Input with { Shipping = 1m }, "api", Now.AddHours(1), new CurrencyRates(TimeProvider.System), new ProductIds(), Ct);
            Assert.Equal(WriteOutcome.Updated, changed.Outcome);
            await transaction.CommitAsync(Ct);
        }
        Assert.Equal(4, await db.Orders.CountAsync(Ct));
        Assert.Equal(1m, (await db.Orders.SingleAsync(o => o.ExternalId == "o3", Ct)).Shipping);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ProductIds_AreRememberedOnlyOnceCommitted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var productIds = new ProductIds();
        var rates = new CurrencyRates(TimeProvider.System);
        await using var db = database.NewContext();

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            await OrderWrites.UpsertAsync(db, "x1", Input("c1", null, L(1, "SKU-NEW", null, 1, 1m, 0m)), "api", Now, rates, productIds, Ct);
            await transaction.RollbackAsync(Ct);
            productIds.Discard(db);
        }
        Assert.False(productIds.TryGet("SKU-NEW", out _));
        // On SQLite this product takes the id the rolled-back SKU-NEW had: a remembered id would now name it.
        db.Products.Add(new Product { Sku = "SKU-OTHER", Name = "Other", CreatedAt = Now, UpdatedAt = Now });
        await db.SaveChangesAsync(Ct);

        for (var i = 2; i <= 3; i++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await OrderWrites.UpsertAsync(db, $"x{i}", Input("c1", null, L(1, "SKU-NEW", null, 1, 1m, 0m)), "api", Now, rates, productIds, Ct);
            Assert.Equal(i == 3, productIds.TryGet("SKU-NEW", out _)); // learned by x2, not yet usable while x2 is uncommitted
            await transaction.CommitAsync(Ct);
            productIds.Committed(db);
        }
        var id = await db.Products.Where(p => p.Sku == "SKU-NEW").Select(p => p.Id).SingleAsync(Ct);
        Assert.True(productIds.TryGet("SKU-NEW", out var remembered));
        Assert.Equal(id, remembered);
        // x3 took the id from memory; it must be SKU-NEW's.
        var x3 = await db.Orders.Where(o => o.ExternalId == "x3").Select(o => o.Id).SingleAsync(Ct);
        Assert.Equal(id, await db.OrderLines.Where(l => l.OrderId == x3).Select(l => l.ProductId).SingleAsync(Ct));
        Assert.False(await db.Orders.AnyAsync(o => o.ExternalId == "x1", Ct));
    }

    private static async Task<List<(WriteOutcome Outcome, string? Customer, decimal Revenue)>> WriteAllAsync(TestDatabase database, bool inTransaction)
    {
        await using (var seed = database.NewContext())
        {
            var target = new Customer { ExternalId = "c-target", CreatedAt = Now, UpdatedAt = Now };
            seed.Customers.AddRange(target, new Customer { ExternalId = "c-known", CreatedAt = Now, UpdatedAt = Now });
            await seed.SaveChangesAsync(Ct);
            seed.Customers.Add(new Customer { ExternalId = "c-merged", Email = "old@example.com", MergedIntoId = target.Id, CreatedAt = Now, UpdatedAt = Now });
            await seed.SaveChangesAsync(Ct);
        }
        var results = new List<(WriteOutcome, string?, decimal)>();
        var productIds = new ProductIds();
        foreach (var (id, input) in Orders)
        {
            await using var db = database.NewContext();
            await using var transaction = inTransaction ? await db.Database.BeginTransactionAsync(Ct) : null;
            var written = await OrderWrites.UpsertAsync(db, id, input, "api", Now, new CurrencyRates(TimeProvider.System), productIds, Ct);
            if (transaction is not null)
                await transaction.CommitAsync(Ct);
            productIds.Committed(db);
            results.Add((written.Outcome, written.CustomerExternalId, written.Order.Revenue));
        }
        return results;
    }

    /// <summary>Every row the writes touched, ids replaced by the external keys they stand for.</summary>
    private static async Task<List<string>> DumpAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var customers = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id, Ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, Ct);
        var orders = await db.Orders.AsNoTracking().ToDictionaryAsync(o => o.Id, Ct);
        var rows = new List<string>();
        rows.AddRange(customers.Values.Select(c =>
            $"Customer {c.ExternalId} {c.Email} {c.CreatedAt:O} {c.UpdatedAt:O} {c.MergedIntoId is { } m && customers[m].ExternalId == "c-target"}"));
        rows.AddRange(products.Values.Select(p => $"Product {p.Sku} {p.Name} {p.InStock} {p.Price} {p.Currency} {p.CategoryId} {p.CreatedAt:O} {p.UpdatedAt:O}"));
        rows.AddRange(orders.Values.Select(o =>
            $"Order {o.ExternalId} {(o.CustomerId is { } c ? customers[c].ExternalId : "-")} {o.PlacedAt:O} {o.Status} {o.Currency} {o.ExchangeRate} {o.Shipping} {o.Revenue} {o.Country} {o.Source} {o.ContentHash} {o.CreatedAt:O} {o.UpdatedAt:O}"));
        rows.AddRange((await db.OrderLines.AsNoTracking().ToListAsync(Ct)).Select(l =>
            $"Line {orders[l.OrderId].ExternalId} {l.LineNo} {(l.ProductId is { } p ? products[p].Sku : "-")} {l.Sku} {l.Name} {l.Quantity} {l.UnitPrice} {l.Discount}"));
        // Raw column values too: the stored text of times and the scaled integers on SQLite must be EF's own.
        if (database.Provider == DatabaseProvider.Sqlite)
            rows.AddRange(await db.Database.SqlQueryRaw<string>(
                """SELECT "ExternalId" || ' ' || "PlacedAt" || ' ' || "CreatedAt" || ' ' || "Shipping" || ' ' || "ExchangeRate" AS "Value" FROM "Orders" """).ToListAsync(Ct));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
