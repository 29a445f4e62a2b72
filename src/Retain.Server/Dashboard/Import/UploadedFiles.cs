using System.Security.Cryptography;

namespace Retain.Server.Dashboard.Import;

/// <summary>An order file uploaded for import, kept on disk under a random id until it is imported or discarded.</summary>
public sealed record UploadedFile(string Id, string FileName, string Path, long Length);

/// <summary>
/// Uploaded order files, each in a folder of its own under its original name (so import logs and error messages
/// name the user's file): streamed to disk in chunks (an upload of gigabytes never sits in memory) and addressed by an
/// unguessable id that is the only thing the browser sees of it.
/// </summary>
public sealed class UploadedFiles(string folder)
{
    public const long MaxBytes = 4L << 30;

    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    public static UploadedFiles InTemp() => new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "retain-uploads"));

    /// <summary>Copies <paramref name="content"/> to a new file; throws <see cref="InvalidDataException"/> past <see cref="MaxBytes"/> (nothing is kept then).</summary>
    public async Task<UploadedFile> SaveAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var name = SafeName(fileName);
        var path = System.IO.Path.Combine(Directory.CreateDirectory(FolderOf(id)).FullName, name);
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
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
            return new UploadedFile(id, name, path, total);
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
        if (!IsId(id) || !Directory.Exists(FolderOf(id!)))
            return null;
        var file = new DirectoryInfo(FolderOf(id!)).GetFiles().FirstOrDefault(f => !f.Name.EndsWith(RejectsSuffix, StringComparison.Ordinal));
        return file is null ? null : new UploadedFile(id!, file.Name, file.FullName, file.Length);
    }

    /// <summary>Where an import of the upload writes its rejects file (removed with the upload).</summary>
    public const string RejectsSuffix = ".rejects.csv";

    public void Delete(string id)
    {
        if (IsId(id) && Directory.Exists(FolderOf(id)))
            Directory.Delete(FolderOf(id), recursive: true);
    }

    // Only 32 hex digits are ever turned into a path, so an id cannot walk out of the folder.
    private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    private string FolderOf(string id) => System.IO.Path.Combine(Folder, id);

    private static string SafeName(string fileName)
    {
        var name = System.IO.Path.GetFileName(fileName.Replace('\\', '/'));
        name = string.Concat(name.Select(c => System.IO.Path.GetInvalidFileNameChars().Contains(c) ? '_' : c)).Trim();
        if (name.Length == 0 || name.EndsWith(RejectsSuffix, StringComparison.OrdinalIgnoreCase) || name is "." or "..")
            name = "upload.csv";
        return name.Length > 120 ? name[^120..] : name;
    }
}
