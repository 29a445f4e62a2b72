using Retain.Core.Import.Parsing;

namespace Retain.Core.Import;

/// <summary>Reads an order file with <see cref="OrderFileReader"/> and writes it with <see cref="OrderImporter"/>: the one call the CLI and the server make.</summary>
public static class OrderFileImport
{
    /// <summary>
    /// Imports <paramref name="path"/> (.csv or .csv.gz). Throws <see cref="ImportFileException"/> when the file is
    /// unreadable, also part-way; the database is then left as it was.
    /// </summary>
    public static async Task<ImportSummary> ImportFileAsync(
        this OrderImporter importer, string path, ImportOptions options, string? baseCurrency = null,
        IProgress<ImportProgress>? progress = null, string? rejectsPath = null, CancellationToken cancellationToken = default)
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
        var length = Math.Max(1, file.Length);
        using var reader = OrderFileReader.Open(file, options, Path.GetFileName(path));
        var source = new ImportSource(path, reader.ReadOrders(cancellationToken))
        {
            Rejects = Listed(reader),
            UnlistedRejects = () => reader.Statistics.RowsRejected - reader.Rejected.Count,
            Preset = options.Format.Name,
            BaseCurrency = baseCurrency,
            RejectsPath = rejectsPath,
            // The compressed position for a .gz: a fair measure of progress, read racily on purpose.
            Position = () => Position(file, length),
        };
        return await importer.ImportAsync(source, progress, cancellationToken);
    }

    private static double Position(FileStream file, long length)
    {
        try
        {
            return Math.Min(1, (double)file.Position / length);
        }
        catch (ObjectDisposedException)
        {
            return 1; // the reader closes the file when it reaches the end
        }
    }

    // Deferred: the reader fills Rejected while its orders are enumerated.
    private static IEnumerable<RejectedRow> Listed(OrderFileReader reader)
    {
        foreach (var row in reader.Rejected)
            yield return row;
    }
}
