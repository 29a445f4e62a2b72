using System.Globalization;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retain.Core.Storage;

namespace Retain.Dashboard.Tests;

/// <summary>The loyalty page on the demo shop's running programme: the API's figures, a simulation, admin-only publishing.</summary>
public sealed class LoyaltyPageTests(DashboardApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonDocument> GetJsonAsync(string url) =>
        JsonDocument.Parse(await app.Api.GetStringAsync(url, Ct));

    private async Task<int> VersionsAsync()
    {
        using var programme = await GetJsonAsync("/api/v1/loyalty/programme");
        return programme.RootElement.GetProperty("versions").GetArrayLength();
    }

    [Fact]
    public async Task Summary_EqualsTheApisLiabilityReport_AtDesktopAndPhoneWidth()
    {
        using var api = await GetJsonAsync("/api/v1/loyalty/programme/liability");
        var report = api.RootElement;
        var total = report.GetProperty("total");
        var flows = report.GetProperty("flows");
        total.GetProperty("members").GetInt32().Should().BeGreaterThan(100, "the demo shop runs a programme");

        foreach (var viewport in Viewport.Both)
        {
            var page = await app.SignInAsync(DashboardApp.ViewerEmail, viewport);
            if (viewport == Viewport.Desktop)
            {
                await page.GetByRole(AriaRole.Link, new() { Name = "Loyalty" }).ClickAsync();
                await page.WaitForURLAsync(app.BaseUrl + "/loyalty");
            }
            else
                await page.GotoAsync("/loyalty");

            async Task<string?> Tile(string key) => await page.Locator($".tile[data-key='{key}']").GetAttributeAsync("data-value");
            (await Tile("members")).Should().Be(total.GetProperty("members").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Tile("outstanding")).Should().Be(total.GetProperty("outstanding").GetInt64().ToString(CultureInfo.InvariantCulture));
            (await Tile("issued")).Should().Be((flows.GetProperty("issued").GetInt64() + flows.GetProperty("adjusted").GetInt64()).ToString(CultureInfo.InvariantCulture));
            (await Tile("redeemed")).Should().Be(flows.GetProperty("redeemed").GetInt64().ToString(CultureInfo.InvariantCulture));
            decimal.Parse((await Tile("expectedLiability"))!, CultureInfo.InvariantCulture).Should().Be(total.GetProperty("expectedLiability").GetDecimal());
            decimal.Parse((await Tile("breakage"))!, CultureInfo.InvariantCulture).Should().Be(report.GetProperty("breakage").GetProperty("rate").GetDecimal());

            var tiers = report.GetProperty("tiers").EnumerateArray().ToList();
            var rows = await page.Locator("#liability-tiers tbody tr").AllAsync();
            rows.Count.Should().Be(tiers.Count + 1);
            for (var i = 0; i < tiers.Count; i++)
            {
                (await rows[i].GetAttributeAsync("data-tier")).Should().Be(tiers[i].GetProperty("tier").GetString() ?? "");
                (await rows[i].GetAttributeAsync("data-members")).Should().Be(tiers[i].GetProperty("members").GetInt32().ToString(CultureInfo.InvariantCulture));
                (await rows[i].GetAttributeAsync("data-outstanding")).Should().Be(tiers[i].GetProperty("outstanding").GetInt64().ToString(CultureInfo.InvariantCulture));
            }
            // The formatted total is the same figure in the shop's currency.
            await Assertions.Expect(page.Locator(".tile[data-key=value] .value"))
                .ToHaveTextAsync(total.GetProperty("value").GetDecimal().ToString("'PLN '#,##0.00", CultureInfo.GetCultureInfo("en-GB")));
            await DashboardApp.ScreenshotAsync(page, "loyalty", viewport);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CustomerProfile_ShowsTheMembersPointsAndTier_AsTheApi()
    {
        string externalId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(Ct))
            externalId = await db.LoyaltyMembers.Where(m => m.Tier == "Gold")
                .Join(db.Customers, m => m.CustomerId, c => c.Id, (m, c) => c.ExternalId).OrderBy(id => id).FirstAsync(Ct);
        using var api = await GetJsonAsync($"/api/v1/loyalty/members/{externalId}");
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync($"/customers/{externalId}");

        var member = page.Locator("#loyalty-member");
        await Assertions.Expect(member).ToHaveAttributeAsync("data-tier", api.RootElement.GetProperty("tier").GetString()!);
        await Assertions.Expect(member).ToHaveAttributeAsync("data-available", api.RootElement.GetProperty("available").GetInt64().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(member).ToHaveAttributeAsync("data-pending", api.RootElement.GetProperty("pending").GetInt64().ToString(CultureInfo.InvariantCulture));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesTheRules_ButCannotPublish_EvenWithAForgedPost()
    {
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync("/loyalty");
        await Assertions.Expect(page.Locator("#current-rules")).ToContainTextAsync("pointsPerUnit");
        await Assertions.Expect(page.Locator("#publish-form")).ToHaveCountAsync(0);
        var versions = await VersionsAsync();

        // The viewer's own valid antiforgery token (from the sign-out form on every page).
        var token = await page.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var form = page.Context.APIRequest.CreateFormData().Append("__RequestVerificationToken", token!)
            .Append("_handler", "publish").Append("rules", """{"pointsPerUnit": 100}""");
        var response = await page.APIRequest.PostAsync("/loyalty", new() { Form = form, MaxRedirects = 0 });

        // No publish form is rendered for a viewer, so Blazor refuses the post before any handler runs; the page's
        // actions check the role again (LoyaltyPageActionsTests).
        response.Status.Should().Be(400);
        (await VersionsAsync()).Should().Be(versions);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_SimulatesBesideTheCurrentRules_AndPublishesOnlyValidRules()
    {
        var page = await app.SignInAsync(DashboardApp.AdminEmail, Viewport.Desktop);
        await page.GotoAsync("/loyalty");
        var current = await page.Locator("#simulate-rules").InputValueAsync();
        var proposed = current.Replace("\"pointsPerUnit\": 1,", "\"pointsPerUnit\": 2,", StringComparison.Ordinal);
        proposed.Should().NotBe(current);
        using var api = JsonDocument.Parse(await (await app.Api.PostAsync("/api/v1/loyalty/programme/simulations",
            new StringContent($$"""{"rules": {{proposed}}}""", System.Text.Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode().Content.ReadAsStringAsync(Ct));

        await page.Locator("#simulate-rules").FillAsync(proposed);
        await page.Locator("#simulate").ClickAsync();

        var netIssued = page.Locator("#simulation-figures tr[data-key=netIssued]");
        await Assertions.Expect(netIssued).ToHaveAttributeAsync("data-proposed", api.RootElement.GetProperty("proposed").GetProperty("netIssued").GetInt64().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(netIssued).ToHaveAttributeAsync("data-current", api.RootElement.GetProperty("current").GetProperty("netIssued").GetInt64().ToString(CultureInfo.InvariantCulture));
        await DashboardApp.ScreenshotAsync(page, "loyalty-simulation", Viewport.Desktop);

        var versions = await VersionsAsync();
        await page.Locator("#publish-rules").FillAsync("""{"pointsPerUnit": -1}""");
        await page.Locator("#publish").ClickAsync();
        await Assertions.Expect(page.Locator("#loyalty-error")).ToHaveAttributeAsync("data-field", "rules.pointsPerUnit");
        (await VersionsAsync()).Should().Be(versions);

        // The rules in force, published again as they are: a new version, the same figures.
        await page.Locator("#publish-rules").FillAsync(current);
        await page.Locator("#publish").ClickAsync();
        await Assertions.Expect(page.Locator("#loyalty-message")).ToContainTextAsync($"Version {versions + 1} published");
        (await VersionsAsync()).Should().Be(versions + 1);
        await page.Context.CloseAsync();
    }
}
