using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Consents;
using Retain.Core.Customers;
using Retain.Core.Events;
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
    private const int SaveBatch = 5_000;

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

    private async Task<(long Consents, long Events)> WriteCustomersAsync(DemoCustomerHistory[] chunk, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var customers = chunk.Select(h => new Customer
        {
            ExternalId = h.Customer.ExternalId,
            Email = h.Customer.Email,
            Phone = h.Customer.Phone,
            FirstName = h.Customer.FirstName,
            LastName = h.Customer.LastName,
            Birthday = h.Customer.Birthday,
            Country = h.Customer.Country,
            Language = h.Customer.Language,
            AcquisitionChannel = h.Customer.Channel,
            CreatedAt = h.Customer.CreatedAt,
            UpdatedAt = h.Customer.CreatedAt,
        }).ToArray();
        foreach (var batch in customers.Chunk(SaveBatch))
        {
            db.Customers.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var skus = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Sku, p => p.Id, cancellationToken);
        long consents = 0, events = 0;
        var pending = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            var id = customers[i].Id;
            foreach (var c in chunk[i].Consents)
            {
                db.Consents.Add(new Consent
                {
                    CustomerId = id,
                    Purpose = c.Purpose,
                    Channel = c.Channel,
                    Granted = c.Granted,
                    LawfulBasis = "consent",
                    TextVersion = c.TextVersion,
                    Source = c.Source,
                    RecordedAt = c.RecordedAt,
                });
                consents++;
                pending++;
            }
            foreach (var e in chunk[i].Events)
            {
                db.Events.Add(new CustomerEvent
                {
                    CustomerId = id,
                    Type = e.Type,
                    OccurredAt = e.OccurredAt,
                    ProductId = e.Sku is null ? null : skus.GetValueOrDefault(e.Sku),
                });
                events++;
                pending++;
            }
            if (pending >= SaveBatch)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                pending = 0;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return (consents, events);
    }
}
