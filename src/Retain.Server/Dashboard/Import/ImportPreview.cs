using System.IO.Compression;
using Retain.Core.Import.Parsing;
using Sylvan.Data.Csv;

namespace Retain.Server.Dashboard.Import;

/// <summary>What the import page shows before anything is written: the file's columns, its first rows, the preset detected from the header and the mapping it suggests.</summary>
public sealed record ImportPreview(string FileName, IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, OrderFileFormat Preset, ColumnMapping Mapping)
{
    public const int PreviewRows = 5;

    /// <summary>Reads only the header and the first <see cref="PreviewRows"/> records (a .csv.gz is inflated as a stream); throws <see cref="ImportFileException"/>.</summary>
    public static ImportPreview Read(UploadedFile upload, char delimiter = ',')
    {
        try
        {
            using var file = File.OpenRead(upload.Path);
            using var text = new StreamReader(IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file);
            using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { Delimiter = delimiter, HasHeaders = true });
            var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToArray();
            if (header.Length == 0 || header.All(h => h.Length == 0))
                throw new ImportFileException($"{upload.FileName} is empty: expected a header line with column names.");
            var rows = new List<string[]>(PreviewRows);
            while (rows.Count < PreviewRows && csv.Read())
                rows.Add(Enumerable.Range(0, Math.Min(csv.RowFieldCount, header.Length)).Select(csv.GetString).ToArray());
            var preset = OrderFileFormat.Detect(header) with { Delimiter = delimiter };
            return new ImportPreview(upload.FileName, header, rows, preset, ColumnMapping.Suggest(preset, header));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or CsvFormatException)
        {
            throw new ImportFileException($"Could not read {upload.FileName}: {ex.Message}", ex);
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        return gzip;
    }
}
