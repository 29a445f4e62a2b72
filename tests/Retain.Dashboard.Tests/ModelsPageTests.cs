using AwesomeAssertions;
using Microsoft.Playwright;

namespace Retain.Dashboard.Tests;

/// <summary>The Models page: the current score run, the back-test charts with their tables, and the model card.</summary>
public sealed class ModelsPageTests(DashboardApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Models_ShowsTheApisScoreRun_TheBacktestChartsWithTables_AndTheModelCard()
    {
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync("/models");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Models");

        using (var scores = System.Text.Json.JsonDocument.Parse(await app.Api.GetStringAsync("/api/v1/scores?segment=at-risk&pageSize=1", Ct)))
            await Assertions.Expect(page.Locator("#score-run")).ToHaveAttributeAsync("data-version", scores.RootElement.GetProperty("modelVersion").GetString()!);

        // The first visit starts the back-test; the page reloads itself until it is there.
        await Assertions.Expect(page.Locator("#backtest")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 180_000 });
        var backtest = page.Locator("#backtest");
        (await backtest.Locator("svg").CountAsync()).Should().BeGreaterThanOrEqualTo(2);
        // Every chart has a table alternative: the tracking chart's table opens from its summary.
        await backtest.GetByText("Tracking as a table").ClickAsync();
        await Assertions.Expect(backtest.Locator("details[open] table tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#holdout")).ToContainTextAsync("90 days");
        await Assertions.Expect(page.Locator("#model-card")).ToContainTextAsync("What is predicted.");
        await DashboardApp.ScreenshotAsync(page, "models", Viewport.Desktop);

        await page.SetViewportSizeAsync(Viewport.Phone.Width, Viewport.Phone.Height);
        // Wide tables scroll inside their own box; the page itself fits a phone without sideways scrolling.
        var tooWide = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                && getComputedStyle(e).position !== 'absolute' && !e.closest('table, .table-wrap, svg, .skip'))
              .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)
            """);
        tooWide.Should().BeEmpty();
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1")).Should().BeTrue();
        await DashboardApp.ScreenshotAsync(page, "models", Viewport.Phone);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Models_InPolish_ShowsTheBacktestAndTheModelCardInPolish()
    {
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync($"/culture?c=pl-PL&returnUrl={Uri.EscapeDataString("/models")}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Modele");

        var backtest = page.Locator("#backtest");
        await Assertions.Expect(backtest).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 180_000 });
        await Assertions.Expect(backtest).ToHaveAttributeAsync("lang", "pl");
        var headings = await backtest.Locator("h2").AllTextContentsAsync();
        headings.Should().Equal("Zakupy w okresie testowym", "Przebieg: skumulowane zakupy powtórne tydzień po tygodniu",
            "Oczekiwania warunkowe według częstości zakupów w okresie kalibracji", "Parametry", "Odejścia: brak zakupu w 90-dniowym okresie testowym");
        await Assertions.Expect(backtest.Locator("svg title").First).ToHaveTextAsync("Skumulowane zakupy powtórne: rzeczywiste i według modeli");
        await backtest.GetByText("Przebieg w tabeli").ClickAsync();
        await Assertions.Expect(backtest.Locator("details[open] table tbody tr").First).ToBeVisibleAsync();
        // pl-PL numbers: the predicted holdout total has a decimal comma, never a point.
        var predicted = await backtest.Locator("table").First.Locator("tbody tr td:nth-child(2)").First.TextContentAsync();
        predicted.Should().MatchRegex(@"^[\d\u00a0\u202f ]+,\d$");

        var card = page.Locator("#model-card");
        await Assertions.Expect(card).ToHaveAttributeAsync("lang", "pl");
        await Assertions.Expect(card.Locator("h2")).ToHaveTextAsync("Karta modelu (wszystkie prognozy w jednym miejscu)");
        await Assertions.Expect(card).ToContainTextAsync("Co jest prognozowane.");
        await Assertions.Expect(card).Not.ToContainTextAsync("What is predicted");
        await DashboardApp.ScreenshotAsync(page, "models-pl", Viewport.Desktop);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/models", "Modele")]
    [InlineData("/import", "Import zamówień")]
    [InlineData("/settings", "Ustawienia")]
    public async Task Pages_SpeakPolish_AfterTheLanguageSwitch(string path, string heading)
    {
        var page = await app.SignInAsync(DashboardApp.AdminEmail, Viewport.Desktop);
        await page.GotoAsync($"/culture?c=pl-PL&returnUrl={Uri.EscapeDataString(path)}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        (await page.EvaluateAsync<string>("document.documentElement.lang")).Should().Be("pl");
        await page.Context.CloseAsync();
    }
}
