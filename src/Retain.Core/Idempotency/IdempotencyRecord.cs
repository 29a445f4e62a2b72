namespace Retain.Core.Idempotency;

/// <summary>
/// A write made under an <c>Idempotency-Key</c> header: who sent it, a hash of the request and the response given, so a
/// retry with the same key and body gets the same response without writing again, and a different body is refused.
/// Stored in the same transaction as the write it describes.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    /// <summary>The caller the key belongs to ("key:12", "user:3"): keys of different callers never collide.</summary>
    public required string Owner { get; set; }
    public required string Key { get; set; }
    /// <summary>Hex SHA-256 of method, path and body.</summary>
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public string? ResponseJson { get; set; }
    public DateTime CreatedAt { get; set; }
}
