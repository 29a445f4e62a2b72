using System.Text.Json;
using System.Text.Json.Serialization;
using Retain.Analytics.Backtesting;

namespace Retain.Core.Predict;

/// <summary>The back-test as JSON: camelCase, undefined figures (NaN) as the string "NaN", source-generated.</summary>
public static class BacktestReportJson
{
    public static string Serialize(BacktestResult result) => JsonSerializer.Serialize(result, BacktestJsonContext.Default.BacktestResult);

    public static Task WriteAsync(Stream stream, BacktestResult result, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, result, BacktestJsonContext.Default.BacktestResult, cancellationToken);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BacktestResult))]
internal sealed partial class BacktestJsonContext : JsonSerializerContext;
