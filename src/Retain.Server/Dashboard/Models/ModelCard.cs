using Markdig;

namespace Retain.Server.Dashboard.Models;

/// <summary>
/// The model card of docs/models.md (embedded in the executable at build time, so the page and the docs cannot drift)
/// as HTML: the "Model card" section and its "Reading the back-test report" part.
/// </summary>
public static class ModelCard
{
    private const string ResourceName = "Retain.Server.Dashboard.Models.models.md";
    private const string Start = "## Model card";
    private static readonly Lazy<string> Cached = new(Render);

    public static string Html => Cached.Value;

    /// <summary>The section from <c>## Model card</c> up to the next level-two heading, rendered with raw HTML disabled.</summary>
    public static string Render(string markdown)
    {
        var from = markdown.IndexOf(Start, StringComparison.Ordinal);
        if (from < 0)
            return "";
        var to = markdown.IndexOf("\n## ", from + Start.Length, StringComparison.Ordinal);
        var section = markdown[from..(to < 0 ? markdown.Length : to)];
        var pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();
        return Markdown.ToHtml(section, pipeline);
    }

    private static string Render()
    {
        using var stream = typeof(ModelCard).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The model card {ResourceName} is not embedded in the executable.");
        using var reader = new StreamReader(stream);
        return Render(reader.ReadToEnd());
    }
}
