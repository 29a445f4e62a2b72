using System.Security.Cryptography;

namespace Retain.Server.Dashboard.Import;

/// <summary>An order file uploaded for import, kept on disk under a random id until it is imported or discarded.</summary>
public sealed record UploadedFile(string Id, string FileName, string Path, long Length);

/// <summary>
/// Uploaded order files in a folder of their own: streamed to disk in chunks (an upload of gigabytes never sits in
/// memory), addressed by an unguessable id that is the only thing the browser sees of it.
/// </summary>
public sealed class UploadedFiles(string folder)
{
    public const long MaxBytes = 4L << 30;
    private const string MetaSuffix = ".name";

    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    public static UploadedFiles InTemp() => new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "retain-uploads"));

    /// <summary>Copies <paramref name="content"/> to a new file; throws <see cref="InvalidDataException"/> past <see cref="MaxBytes"/> (nothing is kept then).</summary>
    public async Task<UploadedFile> SaveAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(id);
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > MaxBytes)
                        throw new InvalidDataException($"The file is larger than {MaxBytes >> 30} GiB.");
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            var name = SafeName(fileName);
            await File.WriteAllTextAsync(path + MetaSuffix, name, cancellationToken);
            return new UploadedFile(id, name, path, new FileInfo(path).Length);
        }
        catch
        {
            Delete(id);
            throw;
        }
    }

    /// <summary>The upload with this id, or null (unknown, already imported, or not an id at all).</summary>
    public UploadedFile? Find(string? id)
    {
        if (!IsId(id))
            return null;
        var path = PathOf(id!);
        if (!File.Exists(path) || !File.Exists(path + MetaSuffix))
            return null;
        return new UploadedFile(id!, File.ReadAllText(path + MetaSuffix), path, new FileInfo(path).Length);
    }

    public void Delete(string id)
    {
        if (!IsId(id))
            return;
        File.Delete(PathOf(id));
        File.Delete(PathOf(id) + MetaSuffix);
    }

    // Only 32 hex digits are ever turned into a path, so an id cannot walk out of the folder.
    private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    private string PathOf(string id) => System.IO.Path.Combine(Folder, id + ".upload");

    private static string SafeName(string fileName)
    {
        var name = System.IO.Path.GetFileName(fileName.Replace('\\', '/'));
        return string.IsNullOrWhiteSpace(name) ? "upload.csv" : name.Length > 200 ? name[..200] : name;
    }
}
