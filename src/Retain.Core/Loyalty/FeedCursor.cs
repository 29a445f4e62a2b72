using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>
/// A position in a table read in commit order: the transaction that wrote the row, then its id.
/// </summary>
/// <remarks>
/// On PostgreSQL an id is taken when a row is inserted, not when it commits, so a transaction still open can commit a
/// lower id after a higher one is already visible; a feed that moved past the higher id would never see the lower one.
/// So on PostgreSQL the feeds read rows in the order of the transaction that wrote them (the <c>"TxId"</c> column, filled
/// by <c>pg_current_xact_id()</c> as the row is inserted, whoever inserts it) and only rows of transactions older than
/// every transaction still running (<c>pg_snapshot_xmin</c>): every later commit carries a larger transaction id, so
/// nothing can ever appear behind the cursor. A long transaction holds the feed back until it ends (late, never lost).
/// On SQLite one writer at a time commits, so ids become visible in order and the id alone is the cursor.
/// </remarks>
public readonly record struct FeedCursor(long Transaction, long Id)
{
    public bool IsAfter(FeedCursor other) => Transaction != other.Transaction ? Transaction > other.Transaction : Id > other.Id;

    /// <summary>The next <paramref name="chunk"/> orders past <paramref name="after"/> that no commit can precede any more.</summary>
    public static async Task<List<FeedCursor>> NextOrdersAsync(RetainDbContext db, FeedCursor after, int chunk, CancellationToken ct) =>
        (await NextAsync(db, "Orders", withOrder: false, after, chunk, ct)).ConvertAll(r => r.At);

    /// <summary>
    /// The next <paramref name="chunk"/> refunds past <paramref name="after"/> that no commit can precede any more, each with
    /// its order's position (null when it names none): a refund must wait until the order feed has passed its order.
    /// </summary>
    public static Task<List<(FeedCursor At, FeedCursor? Order)>> NextRefundsAsync(RetainDbContext db, FeedCursor after, int chunk, CancellationToken ct) =>
        NextAsync(db, "Refunds", withOrder: true, after, chunk, ct);

    private static async Task<List<(FeedCursor At, FeedCursor? Order)>> NextAsync(RetainDbContext db, string table, bool withOrder,
        FeedCursor after, int chunk, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var order = !withOrder ? """NULL AS "OrderTransaction", NULL AS "OrderId" """
            : postgres ? """o."TxId"::text::bigint AS "OrderTransaction", o."Id" AS "OrderId" """
            : """NULL AS "OrderTransaction", o."Id" AS "OrderId" """;
        var join = withOrder ? """LEFT JOIN "Orders" o ON o."Id" = t."OrderId" """ : "";
        var sql = postgres
            ? $$"""
                SELECT t."TxId"::text::bigint AS "Transaction", t."Id", {{order}} FROM "{{table}}" t {{join}}
                WHERE (t."TxId", t."Id") > ({0}::text::xid8, {1}) AND t."TxId" < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY t."TxId", t."Id" LIMIT {2}
                """
            : $$"""
                SELECT 0 AS "Transaction", t."Id", {{order}} FROM "{{table}}" t {{join}}
                WHERE t."Id" > {1} ORDER BY t."Id" LIMIT {2}
                """;
        var rows = await db.Database.SqlQuery<Row>(FormattableStringFactory.Create(sql, after.Transaction, after.Id, chunk)).ToListAsync(ct);
        return rows.ConvertAll(r => (new FeedCursor(r.Transaction, r.Id),
            r.OrderId is { } id ? new FeedCursor(r.OrderTransaction ?? 0, id) : (FeedCursor?)null));
    }

    private sealed record Row(long Transaction, long Id, long? OrderTransaction, long? OrderId);

    /// <summary>
    /// Waits until every row committed before the call can be read: on PostgreSQL, until the transactions running at
    /// the call (in any database of the server) have ended; later ones do not hold it back. For a caller that drains the
    /// feeds once (the demo, tests) rather than every pass.
    /// </summary>
    public static async Task WaitForCommittedAsync(RetainDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
            return;
        var horizon = await db.Database.SqlQuery<long>($"""SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS "Value" """).SingleAsync(ct);
        while (await db.Database.SqlQuery<long>($"""SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "Value" """).SingleAsync(ct) < horizon)
            await Task.Delay(50, ct);
    }

    /// <summary>Where the feed <paramref name="feed"/> stands (the start when it never ran).</summary>
    public static async Task<FeedCursor> LoadAsync(RetainDbContext db, string feed, CancellationToken ct) =>
        await db.LoyaltySyncStates.Where(s => s.Name == feed).Select(s => new FeedCursor(s.AfterTransaction, s.AfterId)).FirstOrDefaultAsync(ct);

    /// <summary>Moves the feed to <paramref name="done"/>, only forward: a pass that overlapped another (a lease that ran out) must not move it back.</summary>
    public static async Task SaveAsync(RetainDbContext db, string feed, FeedCursor done, CancellationToken ct)
    {
        var state = await db.LoyaltySyncStates.FirstOrDefaultAsync(s => s.Name == feed, ct);
        if (state is null)
            db.LoyaltySyncStates.Add(state = new LoyaltySyncState { Name = feed });
        if (done.IsAfter(new FeedCursor(state.AfterTransaction, state.AfterId)))
            (state.AfterTransaction, state.AfterId) = (done.Transaction, done.Id);
        state.UpdatedAt = DateTime.UtcNow;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent pass created the row first; what this pass read is read again at worst, and pays nothing twice.
            db.ChangeTracker.Clear();
        }
    }
}
