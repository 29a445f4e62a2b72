using System.Net;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Retain.Dashboard.Tests;

/// <summary>Sign-in, sign-out, the language switch and the navigation every page shares.</summary>
public sealed class ShellTests(DashboardApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnonymousPage_RedirectsToLogin_WhileApiAnswers401()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };

        var page = await client.GetAsync("/cohorts", Ct);
        var api = await client.GetAsync("/api/v1/measure/kpis", Ct);

        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/login?ReturnUrl=%2Fcohorts");
        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_ShowsTheError_AndStaysSignedOut()
    {
        var context = await app.RequireBrowser().NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(DashboardApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong password");
        (await page.GotoAsync("/"))!.Url.Should().Contain("/login");
        await context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_ReturnsToTheRequestedPage_AndSignOutEndsTheSession()
    {
        var context = await app.RequireBrowser().NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/definitions");
        page.Url.Should().Contain("/login");
        await page.GetByLabel("E-mail").FillAsync(DashboardApp.ViewerEmail);
        await page.GetByLabel("Password").FillAsync(DashboardApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/definitions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Definitions");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/login");
        (await page.GotoAsync("/definitions"))!.Url.Should().Contain("/login");
        await context.CloseAsync();
    }

    [Fact]
    public async Task LanguageSwitch_ShowsPolish_AndRemembersIt()
    {
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync("/definitions");
        await page.Locator(".lang").GetByRole(AriaRole.Link, new() { Name = "PL" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Definicje");
        (await page.EvaluateAsync<string>("document.documentElement.lang")).Should().Be("pl");
        await page.GotoAsync("/definitions");
        await Assertions.Expect(page.Locator(".side").GetByRole(AriaRole.Link, new() { Name = "Kohorty" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DemoLogin_SignsIn_AndTheNextRunsPasswordReplacesIt()
    {
        var (email, first) = await Retain.Server.Cli.DemoCommand.DemoLoginAsync(app.Services, Ct);
        var (_, second) = await Retain.Server.Cli.DemoCommand.DemoLoginAsync(app.Services, Ct);
        var users = app.Services.GetRequiredService<Retain.Core.Security.UserAccounts>();

        second.Should().NotBe(first);
        (await users.SignInAsync(email, first, Ct)).Should().BeNull("the previous run's password is replaced");
        var user = await users.SignInAsync(email, second, Ct);
        user.Should().NotBeNull();
        user!.Role.Should().Be(Retain.Core.Security.UserRole.Admin);
    }

    [Theory]
    [InlineData(DashboardApp.ViewerEmail, false, false)]
    [InlineData(DashboardApp.MarketerEmail, true, false)]
    [InlineData(DashboardApp.AdminEmail, true, true)]
    public async Task Navigation_ShowsImportAndSettings_OnlyToRolesAllowedThem(string email, bool import, bool settings)
    {
        var page = await app.SignInAsync(email, Viewport.Desktop);
        var nav = page.Locator(".side nav");
        foreach (var name in new[] { "Overview", "Cohorts", "Segments", "Customers", "At risk", "VIP", "Models", "Loyalty" })
            await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();

        (await nav.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).CountAsync()).Should().Be(import ? 1 : 0);
        (await nav.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).CountAsync()).Should().Be(settings ? 1 : 0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PhoneWidth_HidesTheSidebar_BehindAMenu_ThatKeyboardOpens()
    {
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Phone);
        await Assertions.Expect(page.Locator(".side")).ToBeHiddenAsync();
        await page.Locator(".menu summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".menu nav").GetByRole(AriaRole.Link, new() { Name = "Cohorts" })).ToBeVisibleAsync();
        await DashboardApp.ScreenshotAsync(page, "menu", Viewport.Phone);
        await page.Context.CloseAsync();
    }
}
