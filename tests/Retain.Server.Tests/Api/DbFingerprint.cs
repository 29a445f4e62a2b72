using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Retain.Server.Tests.Api;

/// <summary>Row counts and a hash of every shop-data table, to show that a refused request changed nothing.</summary>
internal static class DbFingerprint
{
    public static async Task<string> TakeAsync(TestApp app)
    {
        await using var db = app.Db();
        var ct = Json.Ct;
        var tables = new object[]
        {
            await db.Customers.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Orders.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.OrderLines.AsNoTracking().OrderBy(x => x.OrderId).ThenBy(x => x.LineNo).ToListAsync(ct),
            await db.Refunds.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.RefundLines.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Products.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Categories.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Events.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Consents.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.IdempotencyRecords.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        };
        var counts = string.Join(",", tables.Select(t => ((System.Collections.ICollection)t).Count));
        return counts + ":" + Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(tables)));
    }
}
