namespace Retain.Core.Import;

/// <summary>
/// The provider-specific half of an import, working on the open connection inside the import's transaction with raw
/// ADO.NET (EF change tracking costs ~10× more per row). <see cref="Write"/> is synchronous: it is the hot path and the
/// parser feeding it is synchronous too.
/// </summary>
internal interface IImportWriter : IAsyncDisposable
{
    Task BeginAsync(CancellationToken cancellationToken);

    void Write(PreparedOrder order);

    /// <summary>Called between batches of <see cref="Write"/>: where a writer may talk to the database asynchronously.</summary>
    Task BatchWrittenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Finishes the writes (customers' and products' final attributes included) and says what changed.</summary>
    Task<WriteCounts> CompleteAsync(ImportCatalog catalog, CancellationToken cancellationToken);
}

internal sealed record WriteCounts(
    int OrdersInserted, int OrdersUpdated, int OrdersUnchanged,
    int RefundsInserted, int RefundsUpdated, int RefundsUnchanged,
    int CustomersCreated, int ProductsCreated);

/// <summary>What an order id looked like before the import, and what the file says now (the last occurrence wins).</summary>
internal sealed class TargetState(long id, string? originalHash, bool existed)
{
    public long Id { get; } = id;
    public string? OriginalHash { get; } = originalHash;
    public bool Existed { get; } = existed;
    public string? CurrentHash { get; set; } = originalHash;
    /// <summary>Row groups of a stored order the file changes, held until the end of the file (SQLite writer).</summary>
    public List<PreparedOrder>? Pending { get; set; }

    public static (int Inserted, int Updated, int Unchanged) Count(IEnumerable<TargetState> states)
    {
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var s in states)
        {
            if (!s.Existed)
                inserted++;
            else if (string.Equals(s.OriginalHash, s.CurrentHash, StringComparison.Ordinal))
                unchanged++;
            else
                updated++;
        }
        return (inserted, updated, unchanged);
    }
}
