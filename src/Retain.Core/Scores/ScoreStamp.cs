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
    /// <summary>
    /// Part of every stamp; raised when a run starts storing more per customer (2: RFM scores), so that the background
    /// job of an upgraded server rescores once instead of serving runs without the new columns until the data changes.
    /// </summary>
    private const int StoredColumnsVersion = 2;

    public static async Task<string> ComputeAsync(RetainDbContext db, CancellationToken cancellationToken = default)
    {
        var orders = await db.Orders.CountAsync(cancellationToken);
        var orderChange = await db.Orders.MaxAsync(o => (DateTime?)o.UpdatedAt, cancellationToken);
        var refunds = await db.Refunds.CountAsync(cancellationToken);
        var customers = await db.Customers.CountAsync(c => c.MergedIntoId == null, cancellationToken);
        var customerChange = await db.Customers.MaxAsync(c => (DateTime?)c.UpdatedAt, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture,
            $"v{StoredColumnsVersion}/o{orders}@{orderChange:yyyyMMddHHmmssfffffff}/r{refunds}/c{customers}@{customerChange:yyyyMMddHHmmssfffffff}");
    }

    /// <summary>The stamp of the newest stored run, or null when nothing was scored yet.</summary>
    public static Task<string?> LatestAsync(RetainDbContext db, CancellationToken cancellationToken = default) =>
        db.ScoreRuns.OrderByDescending(r => r.Id).Select(r => r.DataStamp).FirstOrDefaultAsync(cancellationToken);
}
