using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retain.Core.Reports;

/// <summary>The report as JSON: camelCase, enums as strings, undefined rates as null.</summary>
public static class MeasureReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(MeasureReport report) => JsonSerializer.Serialize(report, Options);

    public static Task WriteAsync(Stream stream, MeasureReport report, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, report, Options, cancellationToken);
}
