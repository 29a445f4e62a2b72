using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Scores;

/// <summary>
/// A fingerprint of the data the scores depend on: counts and the latest change of orders, refunds and customers.
/// An import, an edit or a merge changes it; the background job rescores only then.
/// </summary>
public static class ScoreStamp
{
    public static async Task<string> ComputeAsync(RetainDbContext db, CancellationToken cancellationToken = default)
    {
        var orders = await db.Orders.CountAsync(cancellationToken);
        var orderChange = await db.Orders.MaxAsync(o => (DateTime?)o.UpdatedAt, cancellationToken);
        var refunds = await db.Refunds.CountAsync(cancellationToken);
        var customers = await db.Customers.CountAsync(c => c.MergedIntoId == null, cancellationToken);
        var customerChange = await db.Customers.MaxAsync(c => (DateTime?)c.UpdatedAt, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture,
            $"o{orders}@{orderChange:yyyyMMddHHmmssfffffff}/r{refunds}/c{customers}@{customerChange:yyyyMMddHHmmssfffffff}");
    }

    /// <summary>The stamp of the newest stored run, or null when nothing was scored yet.</summary>
    public static Task<string?> LatestAsync(RetainDbContext db, CancellationToken cancellationToken = default) =>
        db.ScoreRuns.OrderByDescending(r => r.Id).Select(r => r.DataStamp).FirstOrDefaultAsync(cancellationToken);
}
