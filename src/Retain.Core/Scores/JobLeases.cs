using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Scores;

/// <summary>
/// Leases on recurring jobs through the database, so that server processes sharing one (PostgreSQL) database never
/// run a job twice at once. Each step is a single statement, atomic on both providers: PostgreSQL re-checks the
/// UPDATE's condition on the locked row, SQLite serialises writers.
/// </summary>
public sealed class JobLeases(IDbContextFactory<RetainDbContext> factory)
{
    /// <summary>Takes the lease on <paramref name="job"/> until <paramref name="now"/> + <paramref name="duration"/>
    /// when it is free, expired or already <paramref name="owner"/>'s (which renews it).</summary>
    public async Task<bool> TryAcquireAsync(string job, string owner, TimeSpan duration, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var expires = now + duration;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "JobLeases" ("Name", "Owner", "ExpiresAt") VALUES ({job}, {owner}, {expires}) ON CONFLICT ("Name") DO NOTHING""",
            cancellationToken);
        if (inserted == 1)
            return true;
        var taken = await db.JobLeases
            .Where(l => l.Name == job && (l.Owner == owner || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, owner).SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        return taken == 1;
    }

    /// <summary>Gives the lease up at once (only if <paramref name="owner"/> still holds it).</summary>
    public async Task ReleaseAsync(string job, string owner, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.JobLeases.Where(l => l.Name == job && l.Owner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), cancellationToken);
    }
}
