using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retain.Core.Reports;

/// <summary>
/// The report as JSON: camelCase properties, enums as their names, undefined rates as null. Source-generated, so the
/// first serialisation in a short-lived CLI process costs no reflection.
/// </summary>
public static class MeasureReportJson
{
    /// <summary>Options bound to the source-generated metadata (usable with minimal-API <c>TypedResults.Json</c>).</summary>
    public static JsonSerializerOptions Options => MeasureReportJsonContext.Default.Options;

    public static string Serialize(MeasureReport report) => JsonSerializer.Serialize(report, MeasureReportJsonContext.Default.MeasureReport);

    public static Task WriteAsync(Stream stream, MeasureReport report, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, report, MeasureReportJsonContext.Default.MeasureReport, cancellationToken);

    public static MeasureReport? Deserialize(string json) => JsonSerializer.Deserialize(json, MeasureReportJsonContext.Default.MeasureReport);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MeasureReport))]
internal sealed partial class MeasureReportJsonContext : JsonSerializerContext;
