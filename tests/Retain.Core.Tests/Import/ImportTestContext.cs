using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Retain.Core.Import;
using Retain.Core.Storage;
using Retain.Core.Tests.Storage;

namespace Retain.Core.Tests.Import;

/// <summary>A fresh migrated database plus a temp folder for the "files" (their rejects CSVs land there).</summary>
internal sealed class ImportTestContext : IAsyncDisposable
{
    private ImportTestContext(TestDatabase database, string folder)
    {
        Database = database;
        Folder = folder;
        Importer = new OrderImporter(database.Factory, TimeProvider.System, NullLogger<OrderImporter>.Instance);
    }

    public TestDatabase Database { get; }
    public string Folder { get; }
    public OrderImporter Importer { get; }

    public static async Task<ImportTestContext> CreateAsync(DatabaseProvider provider) =>
        new(await TestDatabase.CreateAsync(provider), Directory.CreateTempSubdirectory("retain-import-").FullName);

    public string File(string name) => Path.Combine(Folder, name);

    public Task<ImportSummary> ImportAsync(ImportFileBuilder file, string name = "orders.csv") =>
        Importer.ImportAsync(file.ToSource(File(name)), cancellationToken: TestContext.Current.CancellationToken);

    public RetainDbContext NewContext() => Database.NewContext();

    /// <summary>Everything the import can touch, as comparable text.</summary>
    public async Task<string> SnapshotAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = NewContext();
        var customers = await db.Customers.OrderBy(c => c.ExternalId).Select(c => $"{c.Id}:{c.ExternalId}:{c.Email}:{c.Country}").ToListAsync(ct);
        var products = await db.Products.OrderBy(p => p.Sku).Select(p => $"{p.Id}:{p.Sku}:{p.Name}:{p.CategoryId}").ToListAsync(ct);
        var orders = await db.Orders.OrderBy(o => o.ExternalId).Select(o => $"{o.Id}:{o.ExternalId}:{o.CustomerId}:{o.Revenue}:{o.ContentHash}").ToListAsync(ct);
        var lines = await db.OrderLines.OrderBy(l => l.OrderId).ThenBy(l => l.LineNo).Select(l => $"{l.OrderId}:{l.LineNo}:{l.ProductId}:{l.Sku}:{l.Name}:{l.Quantity}:{l.UnitPrice}:{l.Discount}").ToListAsync(ct);
        var refunds = await db.Refunds.OrderBy(r => r.ExternalId).Select(r => $"{r.Id}:{r.ExternalId}:{r.Amount}").ToListAsync(ct);
        var refundLines = await db.RefundLines.OrderBy(l => l.Id).Select(l => $"{l.Id}:{l.RefundId}:{l.OrderId}:{l.OrderLineNo}:{l.Sku}").ToListAsync(ct);
        var settings = await db.Settings.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}").ToListAsync(ct);
        return string.Join("\n", customers.Concat(products).Concat(orders).Concat(lines).Concat(refunds).Concat(refundLines).Concat(settings));
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
