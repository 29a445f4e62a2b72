using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Retain.Core.Import.Parsing;

public sealed partial class OrderFileReader
{
    private readonly Dictionary<string, ulong[]> _seenRows = new(StringComparer.Ordinal);
    private byte[] _lastDate = new byte[32];
    private int _lastDateLength = -1;
    private DateTime _lastDateValue;

    /// <summary>
    /// The orders and refunds of the file, in file order. Enumerate once. Throws <see cref="ImportFileException"/> when
    /// the file turns out unreadable part-way (e.g. a truncated gzip): whatever was yielded must then be discarded.
    /// </summary>
    public IEnumerable<ImportedOrder> ReadOrders(CancellationToken cancellationToken = default) => Read(Flush, cancellationToken);

    /// <summary>
    /// Like <see cref="ReadOrders"/> (same validation, rejections and statistics) but yields each order's total
    /// instead of its lines: no per-row allocations. For measuring straight from a file.
    /// </summary>
    public IEnumerable<ImportedOrderTotal> ReadOrderTotals(CancellationToken cancellationToken = default)
    {
        _totalsOnly = true;
        return Read(FlushTotal, cancellationToken);
    }

    private bool _totalsOnly;

    private IEnumerable<T> Read<T>(Func<OrderGroup, IEnumerable<T>> flush, CancellationToken cancellationToken)
    {
        if (_started)
            throw new InvalidOperationException("ReadOrders can be enumerated only once per reader.");
        _started = true;
        var group = new OrderGroup();
        bool more;
        do
        {
            more = ReadGroup(group, cancellationToken);
            foreach (var order in flush(group))
                yield return order;
        }
        while (more);
        Statistics.Lines = _csv.LinesRead;
    }

    private bool _pending;

    /// <summary>
    /// Reads rows into <paramref name="group"/> until a row with another order id (kept pending for the next group)
    /// or the end of the file (returns false).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadGroup(OrderGroup group, CancellationToken cancellationToken)
    {
        var idColumn = _col[(int)OrderField.OrderId];
        var stats = Statistics;
        if (_pending)
        {
            _pending = false;
            group.Start(Utf8Fields.Trim(_csv[idColumn]));
            AddRow(group);
        }
        while (ReadRecord())
        {
            stats.RowsRead++;
            if ((stats.RowsRead & 0xFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            if (_csv.Error is { } error)
            {
                Reject(_csv.LineNumber, $"malformed CSV: {error}", _csv.RawText());
                continue;
            }
            if (_csv.FieldCount != _headerCount)
            {
                Reject(_csv.LineNumber, $"expected {_headerCount} fields as in the header, found {_csv.FieldCount}", _csv.RawText());
                continue;
            }
            var id = Utf8Fields.Trim(_csv[idColumn]);
            if (id.IsEmpty)
            {
                Reject(_csv.LineNumber, $"{Column(OrderField.OrderId)} is empty", _csv.RawText());
                continue;
            }
            if (group.HasId(id))
            {
                AddRow(group);
                continue;
            }
            if (group.IsEmpty)
            {
                group.Start(id);
                AddRow(group);
                continue;
            }
            _pending = true;
            return true;
        }
        return false;
    }

    private bool ReadRecord()
    {
        try
        {
            return _csv.Read();
        }
        catch (IOException ex)
        {
            throw new ImportFileException($"Could not read {_name}: {ex.Message}", ex);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddRow(OrderGroup g)
    {
        var line = _csv.LineNumber;
        g.Rows++;
        if (_options.DropRepeatedOrders)
            g.RowHashes.Add(StringPool.Hash64(_csv.RawBytes));
        if (g.Rows == 1)
            g.Kind = OrderKindOf(g);
        if (g.Kind is null)
        {
            g.Reject(line, $"{Column(OrderField.Kind)} '{Text(OrderField.Kind)}' is not order, refund, return or cancellation", _csv.RawText());
            return;
        }
        g.Customer ??= Pooled(OrderField.CustomerId);
        g.Email ??= Pooled(OrderField.Email);
        g.Country ??= Pooled(OrderField.Country);
        if (RowError(g) is { } reason)
            g.Reject(line, reason, _csv.RawText());
    }

    /// <summary>Validates the current row into a line of <paramref name="g"/>; returns the reason when it is invalid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? RowError(OrderGroup g)
    {
        var date = Field(OrderField.OrderedAt);
        if (!date.IsEmpty)
        {
            if (!TryDate(date, out var placedAt))
                return $"{Column(OrderField.OrderedAt)} '{Text(OrderField.OrderedAt)}' is not a date{(Format.DateFormat is { } f ? $" in the format {f}" : "")}";
            if (g.PlacedAt is null || placedAt < g.PlacedAt)
                g.PlacedAt = placedAt;
        }
        else if (g.PlacedAt is null)
        {
            return $"{Column(OrderField.OrderedAt)} is empty";
        }

        var currencyField = Field(OrderField.Currency);
        var currency = currencyField.IsEmpty ? Format.DefaultCurrency : Iso4217.Lookup(currencyField);
        if (!currencyField.IsEmpty && currency is null)
            return $"{Column(OrderField.Currency)} '{Text(OrderField.Currency)}' is not an ISO 4217 currency code";
        if (currency is not null && g.Currency is not null && currency != g.Currency && !currencyField.IsEmpty)
            return $"{Column(OrderField.Currency)} '{currency}' differs from the order's {g.Currency}";
        g.Currency ??= currency;
        if (g.Currency is null)
            return $"{Column(OrderField.Currency)} is empty and no default currency is set";

        var qty = Field(OrderField.Quantity);
        if (qty.IsEmpty)
            return $"{Column(OrderField.Quantity)} is empty";
        if (!Utf8Fields.TryInt(qty, out var quantity))
            return $"{Column(OrderField.Quantity)} '{Text(OrderField.Quantity)}' is not a whole number";
        if (g.Kind == ImportedOrderKind.Order && quantity <= 0)
            return $"{Column(OrderField.Quantity)} must be positive on a sale row (found {quantity.ToString(CultureInfo.InvariantCulture)})";
        if (quantity == 0)
            return $"{Column(OrderField.Quantity)} is zero";

        var priceField = Field(OrderField.UnitPrice);
        if (priceField.IsEmpty)
            return $"{Column(OrderField.UnitPrice)} is empty";
        if (!Utf8Fields.TryDecimal(priceField, out var price))
            return $"{Column(OrderField.UnitPrice)} '{Text(OrderField.UnitPrice)}' is not a number";
        if (price < 0)
            return $"{Column(OrderField.UnitPrice)} is negative ({Text(OrderField.UnitPrice)})";

        var discount = 0m;
        var discountField = Field(OrderField.Discount);
        if (!discountField.IsEmpty && (!Utf8Fields.TryDecimal(discountField, out discount) || discount < 0))
            return $"{Column(OrderField.Discount)} '{Text(OrderField.Discount)}' is not a non-negative number";

        if (OrderLevelAmount(OrderField.Shipping, ref g.Shipping) is { } shippingError)
            return shippingError;
        if (OrderLevelAmount(OrderField.RefundedAmount, ref g.RefundedAmount) is { } refundError)
            return refundError;
        var cancelled = Field(OrderField.CancelledAt);
        if (!cancelled.IsEmpty && g.CancelledAt is null)
        {
            if (!TryDate(cancelled, out var cancelledAt))
                return $"{Column(OrderField.CancelledAt)} '{Text(OrderField.CancelledAt)}' is not a date";
            g.CancelledAt = cancelledAt;
        }

        if (_totalsOnly)
        {
            if (Field(OrderField.Sku).IsEmpty && Field(OrderField.ProductName).IsEmpty)
                return $"{Column(OrderField.Sku)} and {Column(OrderField.ProductName)} are both empty";
            g.Amount += Math.Abs(quantity) * price - discount;
            if (++g.LineCount == 1)
                g.FirstCategory = Pooled(OrderField.Category);
            return null;
        }
        var sku = Pooled(OrderField.Sku);
        var name = Pooled(OrderField.ProductName);
        if (sku is null && name is null)
            return $"{Column(OrderField.Sku)} and {Column(OrderField.ProductName)} are both empty";
        g.Lines.Add(new ImportedLine(_csv.LineNumber, sku ?? name!, name, Pooled(OrderField.Category), Math.Abs(quantity), price, discount));
        return null;
    }

    private string? OrderLevelAmount(OrderField field, ref decimal? target)
    {
        var span = Field(field);
        if (span.IsEmpty || target is not null)
            return null;
        if (!Utf8Fields.TryDecimal(span, out var value) || value < 0)
            return $"{Column(field)} '{Text(field)}' is not a non-negative number";
        target = value;
        return null;
    }

    private ImportedOrderKind? OrderKindOf(OrderGroup g)
    {
        var kind = Field(OrderField.Kind);
        if (!kind.IsEmpty)
        {
            return Encoding.ASCII.GetString(kind).ToLowerInvariant() switch
            {
                "order" or "sale" or "purchase" => ImportedOrderKind.Order,
                "refund" or "return" or "cancellation" or "cancel" => ImportedOrderKind.Refund,
                _ => null,
            };
        }
        return Format.CancellationPrefix is { Length: > 0 } prefix && g.IdBytes.StartsWith(Encoding.UTF8.GetBytes(prefix))
            ? ImportedOrderKind.Refund
            : ImportedOrderKind.Order;
    }

    private bool TryDate(ReadOnlySpan<byte> text, out DateTime value)
    {
        // Rows of one order repeat the same timestamp: remember the last one parsed.
        if (text.Length == _lastDateLength && text.SequenceEqual(_lastDate.AsSpan(0, _lastDateLength)))
        {
            value = _lastDateValue;
            return true;
        }
        if (!Utf8Fields.TryDate(text, Format.DateFormat, out value))
            return false;
        if (text.Length <= _lastDate.Length)
        {
            text.CopyTo(_lastDate);
            _lastDateLength = text.Length;
            _lastDateValue = value;
        }
        return true;
    }

    private ReadOnlySpan<byte> Field(OrderField field)
    {
        var index = _col[(int)field];
        return index < 0 ? default : Utf8Fields.Trim(_csv[index]);
    }

    private string? Pooled(OrderField field)
    {
        var span = Field(field);
        return span.IsEmpty ? null : _pool.Get(span);
    }

    private string Text(OrderField field)
    {
        var text = Encoding.UTF8.GetString(Field(field));
        return text.Length > 60 ? text[..60] + "…" : text;
    }

    private string Column(OrderField field) =>
        _col[(int)field] is >= 0 and var index ? Header[index] : OrderFileFormat.FieldKey(field);


    private void Reject(long line, string reason, string raw)
    {
        Statistics.CountRejection(reason);
        if (_rejected.Count < _options.MaxRejectedRowsKept)
            _rejected.Add(new RejectedRow(line, reason, raw));
    }
}
