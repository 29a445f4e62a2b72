using System.ComponentModel.DataAnnotations;

namespace Retain.Server.Api;

/// <summary>Limits of the shop-facing API (section <c>Retain:Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Retain:Api";

    /// <summary>Largest request body accepted; bigger ones get 413 before anything is read.</summary>
    [Range(1_024, 1_073_741_824)]
    public long MaxBodyBytes { get; set; } = 1_048_576;

    /// <summary>Most items in one batch (events, products, categories).</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Most lines in one order.</summary>
    [Range(1, 100_000)]
    public int MaxOrderLines { get; set; } = 500;

    /// <summary>
    /// SQLite: run the writes that queue for the writer together in one transaction (<see cref="SqliteWriteBatches"/>).
    /// On by default: it took 14–30% less CPU per order in every side-by-side run; false gives a transaction per
    /// request (docs/benchmarks.md, session 5).
    /// </summary>
    public bool SqliteGroupCommit { get; set; } = true;
}
