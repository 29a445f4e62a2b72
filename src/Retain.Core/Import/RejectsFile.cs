using System.Globalization;
using System.Text;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Import;

/// <summary>The rejects CSV: <c>line,reason,raw</c>, one row per rejected file row, in file order.</summary>
internal static class RejectsFile
{
    /// <summary>Writes <paramref name="rejects"/> to <paramref name="path"/> and returns it; with none, removes a stale file and returns null.</summary>
    public static string? Write(string path, IReadOnlyCollection<RejectedRow> rejects)
    {
        if (rejects.Count == 0)
        {
            if (File.Exists(path))
                File.Delete(path);
            return null;
        }
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine("line,reason,raw");
        foreach (var row in rejects)
        {
            writer.Write(row.LineNumber.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Quote(row.Reason));
            writer.Write(',');
            writer.WriteLine(Quote(row.Raw));
        }
        return path;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
