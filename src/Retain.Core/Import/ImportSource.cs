using Retain.Core.Import.Parsing;

namespace Retain.Core.Import;

/// <summary>
/// What <see cref="OrderImporter"/> writes: the orders a parser yields from one file, and the rows it rejected.
/// <see cref="Rejects"/> is read only after <see cref="Orders"/> has been enumerated to the end, so a parser may fill
/// it as it goes.
/// </summary>
public sealed record ImportSource(string FileName, IEnumerable<ImportedOrder> Orders)
{
    public IEnumerable<RejectedRow> Rejects { get; init; } = [];

    /// <summary>Rejected rows the parser counted but did not keep (it keeps the first thousand), read after the orders.</summary>
    public Func<long>? UnlistedRejects { get; init; }

    /// <summary>How far through the file the parser is (0..1), for progress reports.</summary>
    public Func<double>? Position { get; init; }

    /// <summary>The preset or mapping the file was read with, for the import log.</summary>
    public string Preset { get; init; } = "generic";

    /// <summary>Hex SHA-256 of the file; computed from <see cref="FileName"/> when null and the file exists.</summary>
    public string? FileSha256 { get; init; }

    /// <summary>Where rejected rows go; by default <c>&lt;file&gt;.rejects.csv</c> beside the file.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>Sets the shop's base currency first (allowed while no orders are stored, or when it is the same).</summary>
    public string? BaseCurrency { get; init; }

    /// <summary>Stored as the orders' <c>Source</c>.</summary>
    public string Source { get; init; } = "import";
}

/// <summary>How far an import is; reported every few thousand rows.</summary>
public readonly record struct ImportProgress(string Phase, long OrdersRead, long LinesRead, double? Fraction = null);

/// <summary>What an import did. Order counts are per distinct order id in the file.</summary>
public sealed record ImportSummary
{
    public long ImportRunId { get; init; }
    public required string FileName { get; init; }
    public required string BaseCurrency { get; init; }
    public long LinesRead { get; init; }
    public int OrdersInserted { get; init; }
    public int OrdersUpdated { get; init; }
    public int OrdersUnchanged { get; init; }
    public int RefundsInserted { get; init; }
    public int RefundsUpdated { get; init; }
    public int RefundsUnchanged { get; init; }
    /// <summary>Row groups skipped because they repeat rows already read for the same order id (a duplicated block).</summary>
    public int RepeatedInFile { get; init; }
    /// <summary>Row groups merged into an order whose rows the file interleaves with other orders' rows.</summary>
    public int MergedInFile { get; init; }
    public int CustomersCreated { get; init; }
    public int ProductsCreated { get; init; }
    /// <summary>Orders without a customer id: stored with no customer, kept out of customer metrics.</summary>
    public int GuestOrders { get; init; }
    public int RejectedRows { get; init; }
    public string? RejectsPath { get; init; }
    /// <summary>The rejected rows kept with their text (the parser keeps the first thousand; <see cref="RejectedRows"/> counts all), in file order.</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; init; } = [];
    public TimeSpan Duration { get; init; }
}
