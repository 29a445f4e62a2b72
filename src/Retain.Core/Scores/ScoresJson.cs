using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retain.Core.Scores;

/// <summary>A churn reason as stored in <see cref="CustomerScore.ChurnReasonsJson"/>.</summary>
public sealed record ReasonJson(string Feature, string Text);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReasonJson[]))]
internal sealed partial class ScoresJsonContext : JsonSerializerContext;
