using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Retain.Analytics.Backtesting;
using Retain.Analytics.Data;
using Retain.Core.Demo;
using Retain.Core.Import.Parsing;
using Retain.Core.Predict;

namespace Retain.Core.Tests.Predict;

/// <summary>The back-test report in English (the CLI's, invariant numbers) and in Polish (the dashboard's, pl-PL numbers).</summary>
public sealed partial class BacktestReportTextTests
{
    private static readonly CultureInfo Pl = CultureInfo.GetCultureInfo("pl-PL");

    // A demo shop built in memory (no database): two years, so the churn model can train before the cutoff.
    private static readonly Lazy<BacktestResult> Result = new(() =>
    {
        var histories = new DemoShopGenerator(new DemoShopOptions { Customers = 1_500, EndDate = new DateOnly(2025, 6, 30), EventDays = 0 }).Customers().ToList();
        var orders = histories
            .SelectMany((h, i) => h.Orders.Where(o => o.Kind == ImportedOrderKind.Order && !o.Cancelled).Select(o => new OrderFact(i, o.PlacedAt, o.Lines.Sum(l => l.Amount))))
            .OrderBy(o => o.PlacedAt).ToArray();
        var data = new ShopData { Customers = [.. histories.Select(h => new CustomerFact(h.Customer.ExternalId))], Orders = orders, Refunds = [], Currency = "PLN" };
        return Backtest.Run(data, BacktestOptions.LastDays(data, 90));
    });

    [GeneratedRegex(@">([^<>]+)<")]
    private static partial Regex TextNode();

    [GeneratedRegex(@"aria-label=""([^""]+)""")]
    private static partial Regex AriaLabel();

    private static HashSet<string> Texts(string html) =>
        [.. TextNode().Matches(html).Concat(AriaLabel().Matches(html)).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).Where(t => t.Length > 0)];

    [Fact]
    public void PolishSections_ShareNoTextWithEnglish_ExceptNamesNumbersAndInternationalTerms()
    {
        var r = Result.Value;
        Assert.NotNull(r.Churn); // else the churn section's charts and table would go untested
        Assert.NotNull(r.Spend);
        var english = Texts(BacktestReportHtml.RenderSections(r, BacktestReportText.English));
        var polish = Texts(BacktestReportHtml.RenderSections(r, BacktestReportText.Polish));

        // The same in Polish: model and parameter names, metric acronyms, "Model", the group label x, and NaN (an empty
        // group's mean, written so by .NET in both cultures). The optimiser's warnings (English, from Retain.Analytics) are excluded.
        string[] names = ["BG/NBD", "Pareto/NBD", "Gamma-Gamma", .. r.PurchaseModels.SelectMany(m => m.Parameters).Concat(r.Spend.Parameters).Select(p => p.Name)];
        string[] neutral = ["Model", "x", "RMSE", "ROC AUC", "PR AUC", "NaN", .. r.PurchaseModels.Select(m => m.Warning).OfType<string>()];
        var leftovers = english.Intersect(polish)
            .Where(t => !neutral.Contains(t) && names.Aggregate(t, (rest, n) => rest == n ? "" : rest.Replace(n + ":", "", StringComparison.Ordinal)).Any(char.IsLetter))
            .ToList();
        Assert.Empty(leftovers);
        Assert.True(polish.Count > 100, $"only {polish.Count} text nodes: the comparison would prove little");
    }

    [Fact]
    public void PolishSections_CarryEveryPolishHeadingAndAxisLabel()
    {
        var t = BacktestReportText.Polish;
        var polish = Texts(BacktestReportHtml.RenderSections(Result.Value, t));
        string[] expected = [t.HoldoutHeading, t.TrackingHeading, t.FrequencyHeading, t.ParametersHeading, string.Format(Pl, t.ChurnHeading, 90),
            t.TrackingChart, t.TrackingX, t.TrackingY, t.CutoffMarker, t.CalibrationChart, t.RocChart, t.PrecisionRecallChart, t.RocX, t.PrecisionRecallY,
            t.TrackingTable, t.DecileTable, .. t.HoldoutHeaders, .. t.ParameterHeaders, .. t.ChurnHeaders, .. t.DecileHeaders];
        Assert.All(expected, e => Assert.Contains(e, polish));
    }

    [Fact]
    public void Numbers_FollowTheCulture_PolishDecimalCommaAndGroups_EnglishInvariant()
    {
        var r = Result.Value;
        var english = BacktestReportHtml.RenderSections(r);
        var polish = BacktestReportHtml.RenderSections(r, BacktestReportText.Polish);
        var bg = r.PurchaseModels[0];
        Assert.True(Math.Abs(bg.LogLikelihood) >= 1_000, "the log-likelihood needs a thousands group to test");

        Assert.Contains($"<td>{bg.PredictedHoldout.ToString("N1", Pl)}</td>", polish, StringComparison.Ordinal);
        Assert.Contains($">{bg.LogLikelihood.ToString("N4", Pl)}</td>", polish, StringComparison.Ordinal);
        Assert.Contains(Pl.NumberFormat.NumberGroupSeparator, bg.LogLikelihood.ToString("N4", Pl), StringComparison.Ordinal);
        Assert.Contains($">{bg.LogLikelihood.ToString("N4", CultureInfo.InvariantCulture)}</td>", english, StringComparison.Ordinal);
        // No cell or axis tick with a decimal point in Polish; the English report has them.
        Assert.DoesNotMatch(@"<(td|text)[^>]*>[+−-]?[\d\u00a0\u202f ]*\d\.\d+%?<", polish);
        Assert.Matches(@"<(td|text)[^>]*>[+−-]?[\d,]*\d\.\d+%?<", english);
        Assert.Matches(@"<text class=""axis""[^>]*>0,25</text>", polish); // the ROC chart's tick
    }

    [Fact]
    public void TheCliPage_StaysEnglish_ByDefault_AndSpeaksPolish_WhenAsked()
    {
        var r = Result.Value;
        Assert.Equal(BacktestReportHtml.RenderSections(r, BacktestReportText.English), BacktestReportHtml.RenderSections(r));

        var english = BacktestReportHtml.Render(r, "demo.db");
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("<h1>Back-test of the predictions</h1>", english, StringComparison.Ordinal);
        Assert.Contains($"Calibration <b>{r.Period.Start:yyyy-MM-dd} – ", english, StringComparison.Ordinal);
        Assert.Contains("How to read this report", english, StringComparison.Ordinal);

        var polish = BacktestReportHtml.Render(r, "demo.db", BacktestReportText.Polish);
        Assert.Contains("<html lang=\"pl\">", polish, StringComparison.Ordinal);
        Assert.Contains($"Okres kalibracji <b>{r.Period.Start.ToString("d", Pl)} – ", polish, StringComparison.Ordinal);
        Assert.Contains("Jak czytać ten raport", polish, StringComparison.Ordinal);
        Assert.DoesNotContain("How to read", polish, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL", "pl")]
    [InlineData("pl", "pl")]
    [InlineData("en-GB", "en")]
    [InlineData("de-DE", "en")]
    public void For_PicksPolishForPolish_EnglishOtherwise(string culture, string language) =>
        Assert.Equal(language, BacktestReportText.For(CultureInfo.GetCultureInfo(culture)).Language);
}
