using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Import;

/// <summary>
/// An import large against what the database holds drops the order lines' secondary indexes (and, on PostgreSQL, their
/// foreign keys) and builds them again at its end: the schema must come back exactly, the data must satisfy every
/// foreign key, and a failure while they are dropped must leave the database — schema included — as it was.
/// </summary>
public sealed class LargeImportTests
{
    // 60,000 lines: past the point where SQLite defers its indexes (50,000); 12,000 orders: past the point where
    // PostgreSQL defers the orders' own (10,000)
    private const int Orders = 12_000;
    private const int LinesPerOrder = 5;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Day1 = new(2011, 1, 10, 9, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LargeImport_RebuildsTheDeferredIndexes_AsTheyWere(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        var schema = await SchemaAsync(test, provider);

        var summary = await test.ImportAsync(LargeFile());

        summary.OrdersInserted.Should().Be(Orders + 1);
        (await SchemaAsync(test, provider)).Should().Equal(schema);
        await using var db = test.NewContext();
        (await db.OrderLines.CountAsync(Ct)).Should().Be(Orders * LinesPerOrder + 1);
        (await ForeignKeyViolationsAsync(db, provider)).Should().Be(0);
        var refundLine = await db.RefundLines.SingleAsync(Ct);
        var refunded = await db.Orders.SingleAsync(o => o.ExternalId == "o0", Ct);
        (refundLine.OrderId, refundLine.OrderLineNo).Should().Be((refunded.Id, 2), "the refund names the second line's SKU");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LargeImport_FailingWhileIndexesAreDropped_LeavesDataAndSchemaAsTheyWere(DatabaseProvider provider)
    {
        await using var test = await ImportTestContext.CreateAsync(provider);
        await test.ImportAsync(new ImportFileBuilder().Order("kept", "c1", Day1, ("MUG", 1, 2m)));
        // A real database error in the middle of the bulk insert, after the indexes went (SQLite drops them at 50,000
        // lines; PostgreSQL before its one INSERT of all lines): a trigger rejecting the SKU of the last order's line.
        await using (var db = test.NewContext())
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync(
                    """
                    CREATE TRIGGER boom BEFORE INSERT ON OrderLines WHEN NEW.Sku = 'BOOM' BEGIN
                        SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'IX_OrderLines_ProductId')
                            THEN RAISE(ABORT, 'boom with the indexes in place') ELSE RAISE(ABORT, 'boom with the indexes dropped') END;
                    END
                    """, Ct);
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("""
                    CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                        IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'IX_OrderLines_ProductId') THEN
                            RAISE EXCEPTION 'boom with the indexes in place';
                        END IF;
                        RAISE EXCEPTION 'boom with the indexes dropped';
                    END $$;
                    CREATE TRIGGER boom BEFORE INSERT ON "OrderLines" FOR EACH ROW WHEN (NEW."Sku" = 'BOOM') EXECUTE FUNCTION boom();
                    """, Ct);
            }
        }
        var data = await test.SnapshotAsync();
        var schema = await SchemaAsync(test, provider);

        var import = () => test.ImportAsync(LargeFile().Order("last", "c1", Day1, ("BOOM", 1, 1m)));

        (await import.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("boom with the indexes dropped");
        (await test.SnapshotAsync()).Should().Be(data);
        (await SchemaAsync(test, provider)).Should().Equal(schema);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LargeImport_OverStoredOrders_InsertsTheNew_ReplacesTheChanged_AndKeepsTheSequencesAhead(DatabaseProvider provider)
    {
        // PostgreSQL streams a large file's new orders with ids it numbers itself; stored orders' lines must still be
        // replaced only when changed, and the next order or product written the ordinary way must get a fresh id.
        await using var test = await ImportTestContext.CreateAsync(provider);
        await test.ImportAsync(new ImportFileBuilder()
            .Order("o7", "c7", Day1.AddMinutes(7), LargeOrderLines(7))
            .Order("x1", "c1", Day1, ("OLD-SKU", 3, 4m))
            .Order("o5", "c5", Day1.AddMinutes(5), ("MUG", 1, 2m)));

        var summary = await test.ImportAsync(LargeFile().Order("x1", "c1", Day1, ("OLD-SKU", 3, 4m)), "large.csv");

        (summary.OrdersInserted, summary.OrdersUpdated, summary.OrdersUnchanged).Should().Be((Orders + 1 - 2, 1, 2));
        summary.ProductsCreated.Should().Be(495, "five of the 500 SKUs came with o7");
        await using (var db = test.NewContext())
        {
            (await db.OrderLines.CountAsync(Ct)).Should().Be(Orders * LinesPerOrder + 2);
            var o5 = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "o5", Ct);
            o5.Lines.Select(l => (l.LineNo, l.Sku, l.Quantity)).Should().Equal(LargeOrderLines(5).Select((l, i) => (i + 1, l.Sku, l.Quantity)));
            var lineProducts = await db.OrderLines.Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => l.Sku == p.Sku).ToListAsync(Ct);
            lineProducts.Should().HaveCount(Orders * LinesPerOrder + 2).And.AllSatisfy(same => same.Should().BeTrue());
            (await ForeignKeyViolationsAsync(db, provider)).Should().Be(0);
            db.Customers.Add(new global::Retain.Core.Customers.Customer { ExternalId = "after", CreatedAt = Day1, UpdatedAt = Day1 });
            db.Products.Add(new global::Retain.Core.Products.Product { Sku = "AFTER", Name = "after", CreatedAt = Day1, UpdatedAt = Day1 });
            await db.SaveChangesAsync(Ct);
            db.Orders.Add(new global::Retain.Core.Orders.Order { ExternalId = "after", PlacedAt = Day1, Currency = "GBP", Source = "test", ContentHash = "x", CreatedAt = Day1, UpdatedAt = Day1 });
            await db.SaveChangesAsync(Ct);
        }
        var before = await test.SnapshotAsync();

        var again = await test.ImportAsync(LargeFile().Order("x1", "c1", Day1, ("OLD-SKU", 3, 4m)), "large.csv");

        (again.OrdersInserted, again.OrdersUpdated, again.ProductsCreated).Should().Be((0, 0, 0));
        (await test.SnapshotAsync()).Should().Be(before);
    }

    private static (string Sku, int Quantity, decimal Price)[] LargeOrderLines(int o) =>
        Enumerable.Range(0, LinesPerOrder).Select(l => ($"SKU-{(o * 7 + l * 13) % 500}", 1 + l, 1.25m + l)).ToArray();

    private static ImportFileBuilder LargeFile()
    {
        var file = new ImportFileBuilder();
        for (var o = 0; o < Orders; o++)
            file.Order($"o{o}", $"c{o % 700}", Day1.AddMinutes(o), LargeOrderLines(o));
        return file
            .Order("guest", null, Day1, ("SKU-1", 1, 1m))
            .Refund("r0", "c0", Day1.AddDays(1), "o0", ("SKU-13", 1, 2.25m));
    }

    /// <summary>Every index, constraint and trigger definition, as the database itself prints them.</summary>
    private static async Task<List<string>> SchemaAsync(ImportTestContext test, DatabaseProvider provider)
    {
        await using var db = test.NewContext();
        var sql = provider == DatabaseProvider.Sqlite
            ? """SELECT type || ' ' || name || ': ' || coalesce(sql, '') AS "Value" FROM sqlite_master ORDER BY type, name"""
            : """
              SELECT conname || ': ' || pg_get_constraintdef(oid) AS "Value" FROM pg_constraint WHERE connamespace = 'public'::regnamespace
              UNION ALL SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
              UNION ALL SELECT tgname || ': ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
              ORDER BY 1
              """;
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync(Ct);
    }

    private static async Task<int> ForeignKeyViolationsAsync(RetainDbContext db, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
            return await db.Database.SqlQueryRaw<int>("""SELECT count(*) AS "Value" FROM pragma_foreign_key_check""").SingleAsync(Ct);
        // PostgreSQL validated every re-added foreign key itself; a NOT VALID constraint would mean it had not.
        return await db.Database.SqlQueryRaw<int>("""SELECT count(*)::int AS "Value" FROM pg_constraint WHERE contype = 'f' AND NOT convalidated""").SingleAsync(Ct);
    }
}
