namespace Retain.Core.Import;

public enum ImportStatus
{
    Succeeded = 0,
    /// <summary>Rolled back: nothing of the file was kept; <see cref="ImportRun.Error"/> says why.</summary>
    Failed = 1,
}

/// <summary>Bookkeeping of one file import: which file (by name and SHA-256), how it went and what it changed.</summary>
public sealed class ImportRun
{
    public long Id { get; set; }
    public required string FileName { get; set; }
    /// <summary>Hex SHA-256 of the file's bytes, so "was this file imported before?" has an answer.</summary>
    public string? FileSha256 { get; set; }
    public required string Preset { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
    public ImportStatus Status { get; set; }
    public string? Error { get; set; }
    public long LinesRead { get; set; }
    public int OrdersInserted { get; set; }
    public int OrdersUpdated { get; set; }
    public int OrdersUnchanged { get; set; }
    public int RefundsInserted { get; set; }
    public int RefundsUpdated { get; set; }
    public int RefundsUnchanged { get; set; }
    public int CustomersCreated { get; set; }
    public int ProductsCreated { get; set; }
    public int GuestOrders { get; set; }
    public int RejectedRows { get; set; }
}
