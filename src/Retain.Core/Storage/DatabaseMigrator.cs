using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Retain.Core.Storage;

/// <summary>Brings the database schema up to date; run by <c>retain migrate</c> and before <c>serve</c>, <c>demo</c> and <c>import</c>.</summary>
public sealed partial class DatabaseMigrator(IDbContextFactory<RetainDbContext> contexts, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Applies every pending migration and returns their names (empty when the schema was current).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Before the first release the migrations were squashed into one Initial more than once; a database made by an
        // older build records migrations this build does not know, and EF would try to create every table again.
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
            throw new SchemaMismatchException(
                $"The database was created by a different build of Retain (it records migration {unknown[0]}, which this build does not have). " +
                "Pre-release schemas are not upgraded: create a fresh database (for the demo shop, delete ./data/demo.db).");
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            LogUpToDate(db.Provider);
            return pending;
        }
        LogApplying(pending.Count, db.Provider);
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema ({Provider}) is up to date")]
    private partial void LogUpToDate(DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) to the {Provider} database")]
    private partial void LogApplying(int count, DatabaseProvider provider);
}

/// <summary>The database records migrations this build does not have, so it cannot be brought up to date.</summary>
public sealed class SchemaMismatchException(string message) : InvalidOperationException(message);
