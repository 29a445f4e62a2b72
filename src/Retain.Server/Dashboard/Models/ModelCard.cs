using System.Globalization;
using Markdig;

namespace Retain.Server.Dashboard.Models;

/// <summary>
/// The model card of docs/models.md, or its Polish translation in docs/models.pl.md (both embedded in the executable
/// at build time, so the page and the docs cannot drift), as HTML: the card section and its "reading the back-test
/// report" part.
/// </summary>
public static class ModelCard
{
    private static readonly Lazy<string> CachedEnglish = new(() => Render(Embedded("models.md"), "## Model card"));
    private static readonly Lazy<string> CachedPolish = new(() => Render(Embedded("models.pl.md"), "## Karta modelu"));

    public static string English => CachedEnglish.Value;

    public static string Polish => CachedPolish.Value;

    /// <summary>The card in the reader's language: Polish for Polish, English for any other.</summary>
    public static string For(CultureInfo culture) => culture.TwoLetterISOLanguageName == "pl" ? Polish : English;

    /// <summary>The section from <paramref name="heading"/> up to the next level-two heading, rendered with raw HTML disabled.</summary>
    public static string Render(string markdown, string heading = "## Model card")
    {
        var from = markdown.IndexOf(heading, StringComparison.Ordinal);
        if (from < 0)
            return "";
        var to = markdown.IndexOf("\n## ", from + heading.Length, StringComparison.Ordinal);
        var section = markdown[from..(to < 0 ? markdown.Length : to)];
        var pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();
        return Markdown.ToHtml(section, pipeline);
    }

    private static string Embedded(string file)
    {
        var name = "Retain.Server.Dashboard.Models." + file;
        using var stream = typeof(ModelCard).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The model card {name} is not embedded in the executable.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
