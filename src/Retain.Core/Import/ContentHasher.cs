using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;

namespace Retain.Core.Import;

/// <summary>
/// SHA-256 over an order's content as it would be stored (amounts at storage precision, times in UTC, the rate used),
/// so re-importing an unchanged order is recognised and skipped. File line numbers are left out on purpose: the same
/// order moved within a file is the same order.
/// </summary>
internal sealed class ContentHasher
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    public string Hash(ImportedOrder order, DateTime placedAtUtc, string currency, decimal rate)
    {
        _length = 0;
        Add(order.Kind == ImportedOrderKind.Refund ? 1L : 0L);
        Add(order.ExternalId);
        Add(order.CustomerExternalId);
        Add(order.CustomerEmail);
        Add(order.Country);
        Add(placedAtUtc.Ticks);
        Add(currency);
        Add(SqliteModelConventions.ToScaled(rate, ColumnSizes.RateScale));
        Add(SqliteModelConventions.ToScaled(order.Shipping, ColumnSizes.MoneyScale));
        Add(order.Cancelled ? 1L : 0L);
        Add(order.RefundsOrderExternalId);
        AddLines(order);
        return Digest();
    }

    /// <summary>The hash of an order whose earlier rows hashed to <paramref name="previous"/> and that continues with <paramref name="more"/>.</summary>
    public string Chain(string previous, ImportedOrder more)
    {
        _length = 0;
        Add(previous);
        AddLines(more);
        return Digest();
    }

    /// <summary>
    /// A 64-bit key of one row's content (FNV-1a), for telling a repeated row group from a continuation. Only what
    /// identifies the line within its order: not the group's time (a file may group an order's rows differently the
    /// second time, so the first row's time differs; Online Retail II does this for 64 of its 1,088 repeated invoices)
    /// and not the product name (an attribute of the product that exports spell differently).
    /// </summary>
    public static ulong RowKey(ImportedOrder order, ImportedLine line)
    {
        var h = 14695981039346656037UL;
        h = Mix(h, order.CustomerExternalId);
        h = Mix(h, line.Sku);
        h = Mix(h, (ulong)line.Quantity);
        h = Mix(h, (ulong)SqliteModelConventions.ToScaled(line.UnitPrice, ColumnSizes.MoneyScale));
        return Mix(h, (ulong)SqliteModelConventions.ToScaled(line.Discount, ColumnSizes.MoneyScale));
    }

    private static ulong Mix(ulong h, string? value)
    {
        foreach (var c in value ?? "\0")
            h = (h ^ c) * 1099511628211UL;
        return (h ^ 0xFF) * 1099511628211UL;
    }

    private static ulong Mix(ulong h, ulong value)
    {
        for (var i = 0; i < 8; i++, value >>= 8)
            h = (h ^ (value & 0xFF)) * 1099511628211UL;
        return h;
    }

    private void AddLines(ImportedOrder order)
    {
        foreach (var line in order.Lines)
        {
            Add(line.Sku);
            Add(line.ProductName);
            Add(line.Category);
            Add(line.Quantity);
            Add(SqliteModelConventions.ToScaled(line.UnitPrice, ColumnSizes.MoneyScale));
            Add(SqliteModelConventions.ToScaled(line.Discount, ColumnSizes.MoneyScale));
        }
    }

    private string Digest()
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_buffer.AsSpan(0, _length), digest);
        return Convert.ToHexStringLower(digest);
    }

    private void Add(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    private void Add(string? value)
    {
        // Length-prefixed so ("ab", "c") and ("a", "bc") differ; -1 marks null.
        Add(value is null ? -1L : value.Length);
        if (value is null)
            return;
        var bytes = MemoryMarshal.AsBytes(value.AsSpan());
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
