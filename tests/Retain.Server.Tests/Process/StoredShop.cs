using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Server.Tests.Process;

/// <summary>What the database holds after a run, read directly (not through the server under test).</summary>
internal sealed record StoredShop(
    IReadOnlyList<(string ExternalId, int Lines, decimal LineTotal, decimal Revenue)> Orders,
    IReadOnlyList<(string ExternalId, string? Email)> Customers)
{
    public static async Task<StoredShop> ReadAsync(string database, CancellationToken cancellationToken)
    {
        await using var db = new RetainDbContext(RetainDbContextSetup.CreateOptions(database));
        var orders = await db.Orders.AsNoTracking()
            .Select(o => new { o.ExternalId, o.Revenue, Lines = o.Lines.Select(l => new { l.Quantity, l.UnitPrice, l.Discount }).ToList() })
            .ToListAsync(cancellationToken);
        var customers = await db.Customers.AsNoTracking().Select(c => new { c.ExternalId, c.Email }).ToListAsync(cancellationToken);
        return new StoredShop(
            [.. orders.Select(o => (o.ExternalId, o.Lines.Count, o.Lines.Sum(l => l.Quantity * l.UnitPrice - l.Discount), o.Revenue))],
            [.. customers.Select(c => (c.ExternalId, c.Email))]);
    }
}
