using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.Playwright;

namespace Retain.Dashboard.Tests;

/// <summary>Every analytics page opens for a viewer at desktop and phone widths, with a screenshot of each.</summary>
public sealed class PageTests(DashboardApp app)
{
    public static TheoryData<string, string, string> Pages => new()
    {
        { "/", "overview", "Overview" },
        { "/cohorts", "cohorts", "Cohorts" },
        { "/cohorts?grain=week", "cohorts-weekly", "Cohorts" },
        { "/segments", "segments", "Segments" },
        { "/segments?segment=champions", "segment-champions", "Segments" },
        { "/customers", "customers", "Customers" },
        { "/at-risk", "at-risk", "At-risk customers" },
        { "/vip", "vip", "VIP customers" },
        { "/definitions", "definitions", "Definitions" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_Opens_WithItsHeading_AtDesktopAndPhoneWidths(string path, string name, string heading)
    {
        foreach (var viewport in Viewport.Both)
        {
            var page = await app.SignInAsync(DashboardApp.ViewerEmail, viewport);
            var response = await page.GotoAsync(path);

            response!.Status.Should().Be(200, $"{path} should render");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            // Nothing may overflow the window sideways at phone width except inside a scrolling table.
            (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1")).Should().BeTrue($"{path} at {viewport.Name} width");
            await DashboardApp.ScreenshotAsync(page, name, viewport);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CustomerProfile_Opens_AtDesktopAndPhoneWidths()
    {
        var id = await FirstCustomerIdAsync();
        foreach (var viewport in Viewport.Both)
        {
            var page = await app.SignInAsync(DashboardApp.ViewerEmail, viewport);
            (await page.GotoAsync($"/customers/{id}"))!.Status.Should().Be(200);
            await Assertions.Expect(page.Locator("#timeline-table tbody tr").First).ToBeVisibleAsync();
            (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1")).Should().BeTrue();
            await DashboardApp.ScreenshotAsync(page, "customer", viewport);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task UnknownCustomer_Answers404_WithTheNotFoundPage()
    {
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        (await page.GotoAsync("/customers/no-such-customer"))!.Status.Should().Be(404);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
        await page.Context.CloseAsync();
    }

    private async Task<string> FirstCustomerIdAsync()
    {
        using var json = JsonDocument.Parse(await app.Api.GetStringAsync("/api/v1/customers?pageSize=1", TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("items")[0].GetProperty("externalId").GetString()!;
    }
}
