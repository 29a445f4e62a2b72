using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Core.Demo;

/// <summary>What writing a demo shop produced.</summary>
public sealed record DemoShopSummary(int Customers, long Orders, long Refunds, long GuestOrders, long Consents, long Events, TimeSpan Elapsed);

/// <summary>
/// Writes a generated demo shop into the database. Orders go through the same <see cref="OrderImporter"/> as a CSV
/// import (so the demo exercises the real write path); customers, consents and events, which an order file does not
/// carry, are written first with EF. Works in chunks of customers so a million-customer shop streams in bounded memory.
/// </summary>
public sealed class DemoShopWriter(IDbContextFactory<RetainDbContext> contexts, OrderImporter importer)
{
    private const int ChunkSize = 50_000;

    public async Task<DemoShopSummary> WriteAsync(DemoShopOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var generator = new DemoShopGenerator(options);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.SetBaseCurrencyAsync(DemoShopGenerator.Currency, cancellationToken);
            await WriteCatalogAsync(db, generator.Products, cancellationToken);
        }

        long orders = 0, refunds = 0, guests = 0, consents = 0, events = 0;
        var done = 0;
        foreach (var chunk in generator.Customers().Chunk(ChunkSize))
        {
            var (c, e) = await WriteCustomersAsync(chunk, cancellationToken);
            consents += c;
            events += e;
            var summary = await importer.ImportAsync(
                new ImportSource($"demo-seed{options.Seed}-customers-{done + 1}-{done + chunk.Length}", chunk.SelectMany(h => h.Orders))
                {
                    Source = "demo",
                    BaseCurrency = DemoShopGenerator.Currency,
                    FileSha256 = $"demo:{options.Seed}:{done}",
                },
                cancellationToken: cancellationToken);
            orders += summary.OrdersInserted + summary.OrdersUpdated + summary.OrdersUnchanged;
            refunds += chunk.Sum(h => h.Orders.Count(o => o.Kind == ImportedOrderKind.Refund));
            done += chunk.Length;
            progress?.Report($"{done:N0} of {options.Customers:N0} customers written");
        }

        var guestOrders = generator.GuestOrders().ToList();
        if (guestOrders.Count > 0)
        {
            await importer.ImportAsync(
                new ImportSource($"demo-seed{options.Seed}-guests", guestOrders)
                {
                    Source = "demo",
                    BaseCurrency = DemoShopGenerator.Currency,
                    FileSha256 = $"demo:{options.Seed}:guests",
                },
                cancellationToken: cancellationToken);
            guests = guestOrders.Count;
        }
        orders -= refunds;
        return new DemoShopSummary(done, orders, refunds, guests, consents, events, clock.Elapsed);
    }

    private static async Task WriteCatalogAsync(RetainDbContext db, IReadOnlyList<DemoProduct> products, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var categories = products.Select(p => (p.CategoryId, p.CategoryName)).Distinct()
            .Select(c => new Category { ExternalId = c.CategoryId, Name = c.CategoryName })
            .ToDictionary(c => c.ExternalId);
        db.Categories.AddRange(categories.Values);
        await db.SaveChangesAsync(cancellationToken);
        db.Products.AddRange(products.Select(p => new Product
        {
            Sku = p.Sku,
            Name = p.Name,
            CategoryId = categories[p.CategoryId].Id,
            Price = p.Price,
            Currency = DemoShopGenerator.Currency,
            CreatedAt = now,
            UpdatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly string[] CustomerColumns =
        ["ExternalId", "Email", "Phone", "FirstName", "LastName", "Birthday", "Country", "Language", "AcquisitionChannel", "CreatedAt", "UpdatedAt"];
    private static readonly string[] ConsentColumns =
        ["CustomerId", "Purpose", "Channel", "Granted", "LawfulBasis", "TextVersion", "Source", "RecordedAt"];
    private static readonly string[] EventColumns = ["CustomerId", "Type", "OccurredAt", "ProductId"];

    /// <summary>
    /// Customers, consents and events of one chunk, in one transaction, through <see cref="BulkInsert"/>: EF's
    /// per-entity tracking costs about a millisecond a row, which a million-customer shop cannot afford.
    /// </summary>
    private async Task<(long Consents, long Events)> WriteCustomersAsync(DemoCustomerHistory[] chunk, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skus = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Sku, p => p.Id, cancellationToken);
        var lastId = await db.Customers.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await BulkInsert.WriteAsync(db, "Customers", CustomerColumns, chunk.Select(h => h.Customer).Select(c => new object?[]
        {
            c.ExternalId, c.Email, c.Phone, c.FirstName, c.LastName, c.Birthday, c.Country, c.Language, c.Channel, c.CreatedAt, c.CreatedAt,
        }), cancellationToken);
        var ids = await db.Customers.AsNoTracking().Where(c => c.Id > lastId)
            .ToDictionaryAsync(c => c.ExternalId, c => c.Id, cancellationToken);
        var consents = await BulkInsert.WriteAsync(db, "Consents", ConsentColumns, chunk.SelectMany(h => h.Consents.Select(c => new object?[]
        {
            ids[h.Customer.ExternalId], c.Purpose, c.Channel, c.Granted, "consent", c.TextVersion, c.Source, c.RecordedAt,
        })), cancellationToken);
        var events = await BulkInsert.WriteAsync(db, "Events", EventColumns, chunk.SelectMany(h => h.Events.Select(e => new object?[]
        {
            ids[h.Customer.ExternalId], e.Type, e.OccurredAt, e.Sku is null ? null : skus.GetValueOrDefault(e.Sku),
        })), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (consents, events);
    }
}
