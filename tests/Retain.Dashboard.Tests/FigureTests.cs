using System.Globalization;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.Playwright;

namespace Retain.Dashboard.Tests;

/// <summary>
/// The figures a page shows equal the API's for the same range: each page renders the exact value in a
/// <c>data-value</c> attribute beside the formatted text, and the test asks /api/v1 with a read key for the same thing.
/// </summary>
public sealed class FigureTests(DashboardApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2026-04-01", "2026-06-30")]
    [InlineData("2025-01-01", "2025-12-31")]
    public async Task OverviewTiles_EqualTheApiKpis_ForTheSameRange(string from, string to)
    {
        using var api = await GetJsonAsync($"/api/v1/measure/kpis?from={from}&to={to}");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync($"/?from={from}&to={to}");

        var tiles = await page.Locator(".tile").AllAsync();
        tiles.Count.Should().BeGreaterThan(10);
        foreach (var tile in tiles)
        {
            var key = (await tile.GetAttributeAsync("data-key"))!;
            SameNumber(await tile.GetAttributeAsync("data-value"), api.RootElement.GetProperty("current").GetProperty(key), key);
            SameNumber(await tile.GetAttributeAsync("data-previous"), api.RootElement.GetProperty("previous").GetProperty(key), key + " (previous)");
        }
        // The formatted text is the same figure: revenue in the demo shop's base currency.
        var revenue = api.RootElement.GetProperty("current").GetProperty("revenue").GetDecimal();
        await Assertions.Expect(page.Locator(".tile[data-key=revenue] .value")).ToHaveTextAsync(revenue.ToString("'PLN '#,##0.00", CultureInfo.GetCultureInfo("en-GB")));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("month")]
    [InlineData("week")]
    public async Task CohortHeatmap_EqualsTheApiCohorts(string grain)
    {
        using var api = await GetJsonAsync($"/api/v1/measure/cohorts?to=2026-06-30&cohort={grain}");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync($"/cohorts?grain={grain}&to=2026-06-30");

        var labels = api.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        var sizes = api.RootElement.GetProperty("sizes").EnumerateArray().Select(s => s.GetInt32()).ToList();
        var customers = api.RootElement.GetProperty("customers").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToList()).ToList();
        var rows = await page.Locator("section[aria-labelledby=customers] tbody tr").AllAsync();
        rows.Count.Should().BeGreaterThan(3);
        var offset = labels.Count - rows.Count;
        for (var r = 0; r < rows.Count; r++)
        {
            var c = offset + r;
            (await rows[r].Locator("th").InnerTextAsync()).Should().Be(labels[c]);
            var cells = await rows[r].Locator("td").AllAsync();
            (await cells[0].GetAttributeAsync("data-value")).Should().Be(sizes[c].ToString(CultureInfo.InvariantCulture));
            for (var k = 0; k < customers[c].Count; k++)
            {
                var shown = double.Parse((await cells[k + 1].GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
                shown.Should().Be((double)customers[c][k] / sizes[c], $"cohort {labels[c]}, offset {k}");
            }
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SegmentTableAndMap_EqualTheApiRfm()
    {
        using var api = await GetJsonAsync("/api/v1/measure/rfm");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync("/segments");

        var segments = api.RootElement.GetProperty("segments").EnumerateArray().ToList();
        var rows = await page.Locator("#segments tbody tr").AllAsync();
        rows.Count.Should().Be(segments.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = await rows[i].Locator("td").AllAsync();
            (await cells[0].GetAttributeAsync("data-value")).Should().Be(segments[i].GetProperty("customers").GetInt32().ToString(CultureInfo.InvariantCulture));
            decimal.Parse((await cells[2].GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture).Should().Be(segments[i].GetProperty("revenue").GetDecimal());
        }
        var grid = api.RootElement.GetProperty("grid");
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                var cell = page.Locator($".rfm-map [data-r='{r}'][data-f='{f}']");
                (await cell.GetAttributeAsync("data-value")).Should().Be(grid[r - 1][f - 1].GetInt32().ToString(CultureInfo.InvariantCulture), $"R={r} F={f}");
            }
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SegmentDrillIn_ListsTheApiMembers_InOrder()
    {
        using var api = await GetJsonAsync("/api/v1/measure/rfm/segments/champions/members?pageSize=50");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync("/segments");
        await page.Locator(".rfm-map [data-r='5'][data-f='5']").ClickAsync();

        await Assertions.Expect(page.Locator("#members")).ToContainTextAsync(api.RootElement.GetProperty("total").GetInt32().ToString("N0", CultureInfo.GetCultureInfo("en-GB")));
        var shown = await page.Locator("#members-table tbody th").AllInnerTextsAsync();
        shown.Should().Equal(api.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CustomerList_PagesLikeTheApi_WithTheApiScores()
    {
        using var first = await GetJsonAsync("/api/v1/customers?pageSize=50");
        var cursor = first.RootElement.GetProperty("nextCursor").GetString();
        using var second = await GetJsonAsync($"/api/v1/customers?pageSize=50&cursor={cursor}");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync("/customers");

        (await page.Locator("#customers tbody th").AllInnerTextsAsync()).Should().Equal(Ids(first));
        await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await page.WaitForURLAsync($"**/customers?after={cursor}");
        (await page.Locator("#customers tbody th").AllInnerTextsAsync()).Should().Equal(Ids(second));

        var id = Ids(second)[0];
        using var scores = await GetJsonAsync($"/api/v1/customers/{id}/scores");
        SameNumber(await page.Locator($"#customers tr[data-id='{id}'] td").Nth(3).GetAttributeAsync("data-value"), scores.RootElement.GetProperty("churnProbability"), "churn");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CustomerSearch_FindsWhatTheApiFinds()
    {
        using var api = await GetJsonAsync("/api/v1/customers?q=anna&pageSize=50");
        api.RootElement.GetProperty("items").GetArrayLength().Should().BeGreaterThan(0, "the demo shop has customers named Anna");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync("/customers");
        await page.GetByLabel("Id, e-mail or name contains").FillAsync("anna");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync("**/customers?q=anna");

        (await page.Locator("#customers tbody th").AllInnerTextsAsync()).Should().Equal(Ids(api));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CustomerProfile_ShowsTheApiMetricsScoresAndTimeline()
    {
        using var list = await GetJsonAsync("/api/v1/scores?segment=vip&pageSize=1");
        var id = list.RootElement.GetProperty("items")[0].GetProperty("customerId").GetString()!;
        using var api = await GetJsonAsync($"/api/v1/customers/{id}");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync("/customers");
        await page.GotoAsync($"/customers/{id}");

        var metrics = api.RootElement.GetProperty("metrics");
        foreach (var key in new[] { "orders", "grossRevenue", "refunded", "revenue" })
            SameNumber(await page.Locator($"#metric-list [data-key={key}]").GetAttributeAsync("data-value"), metrics.GetProperty(key), key);
        var scores = api.RootElement.GetProperty("scores");
        SameNumber(await page.Locator("#prediction-table [data-key=churnProbability] td").First.GetAttributeAsync("data-value"), scores.GetProperty("churnProbability"), "churn");
        SameNumber(await page.Locator("#prediction-table [data-key=clv12Months] td").First.GetAttributeAsync("data-value"), scores.GetProperty("clv12Months").GetProperty("value"), "clv");
        (await page.Locator("#timeline-table tbody tr").CountAsync()).Should().Be(api.RootElement.GetProperty("timeline").GetArrayLength());
        (await page.Locator("#reasons li").CountAsync()).Should().Be(scores.GetProperty("churnReasons").GetArrayLength());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/at-risk", "at-risk", "churnProbability")]
    [InlineData("/vip", "vip", "clv12Months")]
    public async Task ScoreList_EqualsTheApiList(string path, string segment, string figure)
    {
        using var api = await GetJsonAsync($"/api/v1/scores?segment={segment}&page=2&pageSize=50");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync(path + "?page=2");

        var total = api.RootElement.GetProperty("total").GetInt32();
        total.Should().BeGreaterThan(50, "the demo shop must fill a second page");
        (await page.Locator("#scores").GetAttributeAsync("data-total")).Should().Be(total.ToString(CultureInfo.InvariantCulture));
        var items = api.RootElement.GetProperty("items").EnumerateArray().ToList();
        (await page.Locator("#scores tbody th").AllInnerTextsAsync()).Should().Equal(items.Select(i => i.GetProperty("customerId").GetString()));
        var column = figure == "churnProbability" ? 0 : 1;
        var values = await page.Locator($"#scores tbody tr td:nth-of-type({column + 1})").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.value)");
        for (var i = 0; i < items.Count; i++)
        {
            var expected = figure == "churnProbability" ? items[i].GetProperty(figure) : items[i].GetProperty(figure).GetProperty("value");
            SameNumber(values[i], expected, $"{segment} row {i}");
        }
        await page.Context.CloseAsync();
    }

    private async Task<JsonDocument> GetJsonAsync(string path) => JsonDocument.Parse(await app.Api.GetStringAsync(path, Ct));

    private static List<string?> Ids(JsonDocument page) =>
        [.. page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString())];

    /// <summary>A rendered exact value against the API's JSON number (or null: an undefined rate renders empty).</summary>
    private static void SameNumber(string? shown, JsonElement expected, string what)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            shown.Should().BeNullOrEmpty(what);
            return;
        }
        shown.Should().NotBeNullOrEmpty(what);
        decimal.Parse(shown!, NumberStyles.Float, CultureInfo.InvariantCulture).Should().Be(expected.GetDecimal(), what);
    }
}
