namespace Retain.Core.Import.Parsing;

/// <summary>
/// A problem that makes a whole file unreadable (empty file, missing columns, corrupt or truncated gzip, I/O error).
/// Thrown instead of returning part of a file: a consumer that already received orders must discard them.
/// </summary>
public sealed class ImportFileException : Exception
{
    public ImportFileException(string message)
        : base(message)
    {
    }

    public ImportFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ImportFileException()
    {
    }
}
