namespace Retain.Core.Import.Parsing;

/// <summary>The rows of the order being read: its id, order-level fields, valid lines and deferred rejections.</summary>
internal sealed class OrderGroup
{
    private byte[] _id = new byte[64];
    private int _idLength = -1;

    public int Rows;
    public ImportedOrderKind? Kind;
    public string? Customer;
    public string? Email;
    public string? Country;
    public string? Currency;
    public DateTime? PlacedAt;
    public DateTime? CancelledAt;
    public decimal? Shipping;
    public decimal? RefundedAmount;
    public List<ImportedLine> Lines = [];
    /// <summary>Totals-only reading: the running total, valid line count and first line's category.</summary>
    public decimal Amount;
    public int LineCount;
    public string? FirstCategory;
    public int ValidLines => Math.Max(Lines.Count, LineCount);
    public readonly List<ulong> RowHashes = [];
    public readonly List<RejectedRow> Rejected = [];

    public ReadOnlySpan<byte> IdBytes => _id.AsSpan(0, Math.Max(_idLength, 0));
    public bool IsEmpty => _idLength < 0;

    public bool HasId(ReadOnlySpan<byte> id) => id.Length == _idLength && id.SequenceEqual(IdBytes);

    public void Start(ReadOnlySpan<byte> id)
    {
        if (id.Length > _id.Length)
            _id = new byte[id.Length * 2];
        id.CopyTo(_id);
        _idLength = id.Length;
        Rows = 0;
        Kind = null;
        Customer = Email = Country = Currency = null;
        PlacedAt = CancelledAt = null;
        Shipping = RefundedAmount = null;
        Lines = [];
        Amount = 0;
        LineCount = 0;
        FirstCategory = null;
        RowHashes.Clear();
        Rejected.Clear();
    }

    public void Reject(long line, string reason, string raw) => Rejected.Add(new RejectedRow(line, reason, raw));
}
