using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Demo;
using Retain.Core.Import;
using Retain.Core.Scores;
using Retain.Core.Storage;
using Retain.Server.Dashboard.Models;

namespace Retain.Server.Tests.Dashboard;

/// <summary>The Models page's data: the cached back-test, the model card from the docs and the newest score run.</summary>
public sealed partial class ModelsPageLogicTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task SeedDemoShop(IServiceProvider services) =>
        await new DemoShopWriter(services.GetRequiredService<IDbContextFactory<RetainDbContext>>(), services.GetRequiredService<OrderImporter>())
            .WriteAsync(new DemoShopOptions { Customers = 400, EndDate = new DateOnly(2025, 6, 30), EventDays = 0 }, cancellationToken: Ct);

    [Fact]
    public void ModelCard_IsTheDocsSection_AsHtml_WithoutTheRestOfTheDocument()
    {
        var html = ModelCard.English;

        Assert.StartsWith("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<strong>What is predicted.</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<h3", html, StringComparison.Ordinal); // "Reading the retain backtest report"
        Assert.DoesNotContain("Not done", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Pareto/NBD (Schmittlein", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCard_InPolish_IsTheKartaModeluSection_OfModelsPl()
    {
        var html = ModelCard.For(CultureInfo.GetCultureInfo("pl-PL"));

        Assert.Same(ModelCard.Polish, html);
        Assert.StartsWith("<h2", html, StringComparison.Ordinal);
        Assert.Contains("Karta modelu", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Co jest prognozowane.</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<h3", html, StringComparison.Ordinal); // "Jak czytać raport retain backtest"
        Assert.DoesNotContain("What is predicted", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Tłumaczenie sekcji", html, StringComparison.Ordinal); // the file's own preface is not part of the card
        Assert.Same(ModelCard.English, ModelCard.For(CultureInfo.GetCultureInfo("en-GB")));
    }

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Figure();

    [GeneratedRegex(@"href=""([^""]+)""")]
    private static partial Regex Link();

    [Fact]
    public void ModelCard_PolishAndEnglish_HaveTheSameFiguresAndLinks()
    {
        // A translation that drifts from the English card (a changed figure, a dropped paragraph) shows up here.
        static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));
        static List<string> Figures(string html) => [.. Figure().Matches(Text(html)).Select(m => m.Value.Replace(',', '.'))];
        static List<string> Links(string html) => [.. Link().Matches(html).Select(m => m.Groups[1].Value)];

        Assert.True(Figures(ModelCard.English).Count >= 20, string.Join(" ", Figures(ModelCard.English)));
        Assert.Equal(Figures(ModelCard.English), Figures(ModelCard.Polish));
        Assert.Equal(Links(ModelCard.English), Links(ModelCard.Polish));
    }

    [Fact]
    public void ModelCard_RendersNoRawHtml_FromTheMarkdown() =>
        Assert.DoesNotContain("<script", ModelCard.Render("## Model card\n\n<script>alert(1)</script>\n\n## Next\n"), StringComparison.Ordinal);

    [Fact]
    public async Task Backtest_IsComputedInTheBackground_OncePerDataStamp()
    {
        await using var app = await TestApp.StartAsync(seed: SeedDemoShop);
        var cache = app.Services.GetRequiredService<BacktestCache>();

        var first = await cache.GetAsync(Ct);
        Assert.True(first.Computing);
        Assert.Null(first.Snapshot);
        await cache.WhenIdle().WaitAsync(TimeSpan.FromMinutes(3), Ct);

        var ready = await cache.GetAsync(Ct);
        Assert.True(ready.Current);
        Assert.False(ready.Computing);
        var snapshot = ready.Snapshot!;
        Assert.Null(snapshot.Error);
        Assert.Equal(BacktestCache.HoldoutDays, snapshot.Result!.Period.HoldoutDays);
        Assert.Equal(new DateOnly(2025, 7, 1).AddDays(-BacktestCache.HoldoutDays), snapshot.Result.Period.Cutoff);
        var english = snapshot.SectionsHtml(CultureInfo.GetCultureInfo("en-GB"));
        Assert.Contains("<svg", english, StringComparison.Ordinal);
        Assert.Contains("<table", english, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", english, StringComparison.Ordinal);
        Assert.Contains("<h2>Parameters</h2>", english, StringComparison.Ordinal);
        // Both languages are rendered with the back-test, so a Polish page view renders nothing.
        var polish = snapshot.SectionsHtml(CultureInfo.GetCultureInfo("pl-PL"));
        Assert.Contains("<h2>Parametry</h2>", polish, StringComparison.Ordinal);
        Assert.Same(polish, snapshot.SectionsHtml(CultureInfo.GetCultureInfo("pl-PL")));
        foreach (var tag in new[] { "<svg", "<table", "<tr>", "<section>" }) // the same charts and tables, other words
            Assert.Equal(Regex.Count(english!, tag), Regex.Count(polish!, tag));

        // New data: the old snapshot stays on show while a fresh one is computed.
        var order = """{"customerExternalId":"new-1","placedAt":"2025-06-30T10:00:00Z","currency":"PLN","lines":[{"sku":"s-1","quantity":1,"unitPrice":10}]}""";
        (await app.Client.PutAsync("/api/v1/orders/new-1", new StringContent(order, System.Text.Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        var stale = await cache.GetAsync(Ct);
        Assert.False(stale.Current);
        Assert.Same(snapshot, stale.Snapshot);
        await cache.WhenIdle().WaitAsync(TimeSpan.FromMinutes(3), Ct);
        Assert.NotEqual(snapshot.DataStamp, (await cache.GetAsync(Ct)).Snapshot!.DataStamp);
    }

    [Fact]
    public async Task Backtest_OfAnEmptyShop_SaysWhy_InsteadOfCharts()
    {
        await using var app = await TestApp.StartAsync();
        var cache = app.Services.GetRequiredService<BacktestCache>();
        await cache.GetAsync(Ct);
        await cache.WhenIdle().WaitAsync(TimeSpan.FromMinutes(1), Ct);

        var snapshot = (await cache.GetAsync(Ct)).Snapshot!;
        Assert.Null(snapshot.Result);
        Assert.Contains("no orders", snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatestScoreRun_IsNullBeforeTheFirstRun_ThenTheNewest()
    {
        await using var app = await TestApp.StartAsync(seed: SeedDemoShop);
        await using (var db = app.Db())
            Assert.Null(await LatestScoreRun.ReadAsync(db, Ct));

        var run = (await app.Services.GetRequiredService<ScoreRunner>().RunAsync(false, new() { Draws = 10 }, cancellationToken: Ct)).Run!;
        await using (var db = app.Db())
        {
            var view = await LatestScoreRun.ReadAsync(db, Ct);
            Assert.Equal(run.Id, view!.Id);
            Assert.Equal(run.ModelVersion, view.ModelVersion);
            Assert.Equal(run.Customers, view.Customers);
        }
    }
}
