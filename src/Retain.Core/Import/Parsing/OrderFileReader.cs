using System.Text;

namespace Retain.Core.Import.Parsing;

/// <summary>
/// Streams <see cref="ImportedOrder"/>s out of a <c>.csv</c> or gzip-compressed <c>.csv.gz</c> order file (detected by
/// its magic bytes): contiguous rows with the same order id form one order; cancellation rows form a refund. Invalid
/// rows go to <see cref="Rejected"/> with their line number and reason; problems with the whole file throw
/// <see cref="ImportFileException"/>. <see cref="Statistics"/> is complete once <see cref="ReadOrders"/> is enumerated.
/// </summary>
/// <example>
/// <code>
/// using var reader = OrderFileReader.Open("orders.csv.gz", new ImportOptions { Format = OrderFileFormat.Shopify });
/// foreach (var order in reader.ReadOrders(ct)) { ... }
/// Console.WriteLine($"{reader.Statistics.Orders} orders, {reader.Statistics.RowsRejected} rows rejected");
/// </code>
/// </example>
public sealed partial class OrderFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly CsvByteReader _csv;
    private readonly ImportOptions _options;
    private readonly string _name;
    private readonly int[] _col;
    private readonly int _headerCount;
    private readonly StringPool _pool = new();
    private readonly List<RejectedRow> _rejected = [];
    private bool _started;

    /// <summary>The file's header cells, trimmed.</summary>
    public IReadOnlyList<string> Header { get; }
    public ImportStatistics Statistics { get; } = new();
    /// <summary>The first <see cref="ImportOptions.MaxRejectedRowsKept"/> rejected rows (all are counted).</summary>
    public IReadOnlyList<RejectedRow> Rejected => _rejected;
    /// <summary>The format in use (the detected one when the options asked for <see cref="OrderFileFormat.Auto"/>).</summary>
    public OrderFileFormat Format { get; }
    public ImportOptions Options => _options;

    /// <summary>Opens <paramref name="path"/> and reads its header; throws <see cref="ImportFileException"/>.</summary>
    public static OrderFileReader Open(string path, ImportOptions? options = null)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ImportFileException($"Could not open {path}: {ex.Message}", ex);
        }
        return Open(file, options, Path.GetFileName(path));
    }

    /// <summary>Reads from <paramref name="stream"/> (disposed with the reader); <paramref name="name"/> is for messages.</summary>
    public static OrderFileReader Open(Stream stream, ImportOptions? options = null, string name = "the file")
    {
        try
        {
            return new OrderFileReader(Decompressing(stream, name), options ?? new ImportOptions(), name);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private OrderFileReader(Stream stream, ImportOptions options, string name)
    {
        _stream = stream;
        _options = options;
        _name = name;
        var format = options.Format;
        if (format.Delimiter > 127)
            throw new ImportFileException($"The delimiter '{format.Delimiter}' must be an ASCII character.");
        _csv = new CsvByteReader(stream, (byte)format.Delimiter, options.MaxRecordBytes);
        if (!ReadRecord())
            throw new ImportFileException($"{name} is empty: expected a header line with column names.");
        if (_csv.Error is not null)
            throw new ImportFileException($"{name}: the header line is malformed ({_csv.Error}).");
        var header = new string[_csv.FieldCount];
        for (var i = 0; i < header.Length; i++)
            header[i] = Encoding.UTF8.GetString(Utf8Fields.Trim(_csv[i]));
        Header = header;
        _headerCount = header.Length;
        if (format == OrderFileFormat.Auto)
            format = OrderFileFormat.Detect(header);
        Format = format;
        _col = MapColumns(format, header, name);
    }

    private static int[] MapColumns(OrderFileFormat format, string[] header, string name)
    {
        var col = new int[Enum.GetValues<OrderField>().Length];
        Array.Fill(col, -1);
        foreach (var (field, column) in format.Columns)
            col[(int)field] = Array.FindIndex(header, h => string.Equals(h, column.Trim(), StringComparison.OrdinalIgnoreCase));
        var missing = OrderFileFormat.Required.Where(f => col[(int)f] < 0).Select(f => Describe(format, f)).ToList();
        if (col[(int)OrderField.Sku] < 0 && col[(int)OrderField.ProductName] < 0)
            missing.Add($"{Describe(format, OrderField.Sku)} or {Describe(format, OrderField.ProductName)}");
        if (missing.Count > 0)
        {
            throw new ImportFileException(
                $"{name} does not look like a '{format.Name}' file: missing required column(s) {string.Join(", ", missing)}. " +
                $"Its columns are: {string.Join(", ", header.Select(h => $"'{h}'"))}. Use another preset or a column mapping.");
        }
        if (col[(int)OrderField.Currency] < 0 && format.DefaultCurrency is null)
            throw new ImportFileException($"{name} has no currency column ({Describe(format, OrderField.Currency)}); give the currency as an option.");
        return col;
    }

    private static string Describe(OrderFileFormat format, OrderField field) =>
        format.Columns.TryGetValue(field, out var column) ? $"'{column}' ({OrderFileFormat.FieldKey(field)})" : OrderFileFormat.FieldKey(field);

    /// <summary>Detects gzip by its magic bytes (1F 8B) and inflates it on a background thread.</summary>
    private static Stream Decompressing(Stream stream, string name)
    {
        Span<byte> magic = stackalloc byte[2];
        uint? isize = null;
        int got;
        try
        {
            if (!stream.CanSeek)
            {
                var buffered = new BufferedStream(stream, 1 << 16);
                got = buffered.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
                return got == 2 && magic[0] == 0x1F && magic[1] == 0x8B
                    ? throw new ImportFileException($"{name}: gzip input must be a file (seekable stream), so that truncation can be detected.")
                    : new PrefixedStream(magic[..got].ToArray(), buffered);
            }
            var start = stream.Position;
            got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            if (got == 0)
                throw new ImportFileException($"{name} is empty: expected a header line with column names.");
            if (got < 2 || magic[0] != 0x1F || magic[1] != 0x8B)
            {
                stream.Position = start;
                return stream;
            }
            if (stream.Length - start < 18)
                throw new ImportFileException($"{name} is truncated: too short to be a gzip file.");
            Span<byte> trailer = stackalloc byte[4];
            stream.Position = stream.Length - 4;
            stream.ReadExactly(trailer);
            isize = BitConverter.ToUInt32(trailer);
            if (!BitConverter.IsLittleEndian)
                isize = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(isize.Value);
            stream.Position = start;
        }
        catch (IOException ex)
        {
            throw new ImportFileException($"Could not read {name}: {ex.Message}", ex);
        }
        return new InflatingStream(stream, isize, name);
    }

    public void Dispose() => _stream.Dispose();
}
