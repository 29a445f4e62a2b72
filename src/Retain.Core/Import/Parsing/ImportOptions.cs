namespace Retain.Core.Import.Parsing;

/// <summary>How <see cref="OrderFileReader"/> reads a file.</summary>
public sealed record ImportOptions
{
    /// <summary>The layout; by default detected from the header (<see cref="OrderFileFormat.Auto"/>).</summary>
    public OrderFileFormat Format { get; init; } = OrderFileFormat.Auto;

    /// <summary>
    /// Drop a later row group that repeats an order already read in full: same order id and the same set of distinct
    /// rows. A later group with the same id but other rows is an interleaved continuation and is kept.
    /// (Online Retail II repeats 1,088 invoices, 22,523 rows, where its two workbook sheets overlap.)
    /// </summary>
    public bool DropRepeatedOrders { get; init; }

    /// <summary>Rejected rows are all counted; only the first this many are kept with their text.</summary>
    public int MaxRejectedRowsKept { get; init; } = 1000;

    /// <summary>A record longer than this (bytes) is rejected; it usually means an unterminated quote.</summary>
    public int MaxRecordBytes { get; init; } = 1 << 20;
}

/// <summary>What a read produced; complete once <see cref="OrderFileReader.ReadOrders"/> has been enumerated.</summary>
public sealed class ImportStatistics
{
    /// <summary>Data rows read (records after the header), including rejected and dropped ones.</summary>
    public long RowsRead { get; internal set; }
    public long RowsRejected { get; internal set; }
    /// <summary>Valid rows without a customer id: their orders are guest orders.</summary>
    public long GuestRows { get; internal set; }
    /// <summary>Valid rows that ended up in a yielded order or refund.</summary>
    public long RowsAccepted { get; internal set; }
    public long Orders { get; internal set; }
    public long GuestOrders { get; internal set; }
    public long Refunds { get; internal set; }
    /// <summary>Rows of repeated orders dropped by <see cref="ImportOptions.DropRepeatedOrders"/>.</summary>
    public long RepeatedRowsDropped { get; internal set; }
    public long RepeatedOrdersDropped { get; internal set; }
    /// <summary>Physical lines in the file, header included.</summary>
    public long Lines { get; internal set; }

    private readonly Dictionary<string, long> _rejections = new(StringComparer.Ordinal);

    /// <summary>
    /// Every rejected row counted by the kind of its reason (the reason without the values it quotes), e.g.
    /// "Quantity must be positive on a sale row" → 3,457.
    /// </summary>
    public IReadOnlyDictionary<string, long> RejectionsByReason => _rejections;

    internal void CountRejection(string reason)
    {
        RowsRejected++;
        var kind = ReasonKind(reason);
        _rejections[kind] = _rejections.GetValueOrDefault(kind) + 1;
    }

    /// <summary>The kind of a rejection reason, as <see cref="RejectionsByReason"/> groups it: the text before its first quote, parenthesis or colon.</summary>
    public static string ReasonKind(string reason)
    {
        var cut = reason.Length;
        foreach (var stop in (ReadOnlySpan<char>)['\'', '(', ':'])
        {
            var at = reason.IndexOf(stop, StringComparison.Ordinal);
            if (at > 0 && at < cut)
                cut = at;
        }
        return reason[..cut].TrimEnd();
    }
}
