using System.Net;
using System.Net.Http.Headers;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retain.Core.Security;

namespace Retain.Dashboard.Tests;

/// <summary>The Settings page: API keys that work until revoked, and settings only an admin can change.</summary>
public sealed class SettingsPageTests(DashboardApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpStatusCode> CallApiWith(string token)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/v1/measure/kpis", Ct)).StatusCode;
    }

    [Fact]
    public async Task Admin_CreatesAKey_ThatWorksAgainstTheApi_UntilRevoked()
    {
        var page = await app.SignInAsync(DashboardApp.AdminEmail, Viewport.Desktop);
        await page.GotoAsync("/settings");
        await DashboardApp.ScreenshotAsync(page, "settings", Viewport.Desktop);

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Browser test key");
        await Assertions.Expect(page.GetByLabel("read: reports, customers, scores")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).First.ClickAsync();

        var token = await page.GetByLabel("Key", new() { Exact = true }).InputValueAsync();
        token.Should().StartWith("rtn_");
        var prefix = token.Split('_')[1];
        (await CallApiWith(token)).Should().Be(HttpStatusCode.OK);
        var row = page.Locator($"#api-keys tr[data-prefix='{prefix}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-revoked", "false");
        await Assertions.Expect(row).ToContainTextAsync("read");

        // Shown once: a reload has the row but not the secret.
        await page.ReloadAsync();
        (await page.ContentAsync()).Should().NotContain(token);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke key Browser test key ({prefix})" }).ClickAsync();
        await Assertions.Expect(page.Locator("#settings-message")).ToContainTextAsync("revoked");
        await Assertions.Expect(page.Locator($"#api-keys tr[data-prefix='{prefix}']")).ToHaveAttributeAsync("data-revoked", "true");
        (await CallApiWith(token)).Should().Be(HttpStatusCode.Unauthorized);

        await page.SetViewportSizeAsync(Viewport.Phone.Width, Viewport.Phone.Height);
        await DashboardApp.ScreenshotAsync(page, "settings", Viewport.Phone);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_SeesTheBaseCurrencyLocked_OnAShopWithOrders()
    {
        var page = await app.SignInAsync(DashboardApp.AdminEmail, Viewport.Desktop);
        await page.GotoAsync("/settings");

        await Assertions.Expect(page.GetByLabel("Base currency (ISO code)")).ToHaveValueAsync("PLN");
        await Assertions.Expect(page.GetByLabel("Base currency (ISO code)")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#currency-help")).ToContainTextAsync("can no longer change");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(DashboardApp.ViewerEmail)]
    [InlineData(DashboardApp.MarketerEmail)]
    public async Task NonAdmin_CannotOpenSettings_NorChangeThemWithAForgedPost(string email)
    {
        var page = await app.SignInAsync(email, Viewport.Desktop);
        (await page.GotoAsync("/settings"))!.Url.Should().Contain("/denied");
        await Assertions.Expect(page.Locator("#api-keys")).ToHaveCountAsync(0);

        // Forged form posts with this user's own valid antiforgery token (from the sign-out form on every page).
        var token = await page.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var keysBefore = (await app.Services.GetRequiredService<ApiKeyStore>().ListAsync(Ct)).Count;
        foreach (var form in new[]
                 {
                     new Dictionary<string, string> { ["_handler"] = "keys", ["name"] = "forged", ["scope"] = "admin", ["create"] = "1" },
                     new Dictionary<string, string> { ["_handler"] = "currency", ["currency"] = "EUR" },
                     new Dictionary<string, string> { ["_handler"] = "users", ["setrole"] = email, [$"role:{email}"] = "Admin" },
                 })
        {
            var data = page.Context.APIRequest.CreateFormData().Append("__RequestVerificationToken", token!);
            foreach (var (k, v) in form)
                data = data.Append(k, v);
            var response = await page.APIRequest.PostAsync("/settings", new() { Form = data, MaxRedirects = 0 });
            response.Status.Should().Be(302, because: $"the {form["_handler"]} form is admin-only");
            response.Headers["location"].Should().Contain("/denied");
        }

        (await app.Services.GetRequiredService<ApiKeyStore>().ListAsync(Ct)).Count.Should().Be(keysBefore);
        var users = await app.Services.GetRequiredService<UserAccounts>().ListAsync(Ct);
        users.Single(u => u.Email == email).Role.Should().NotBe(UserRole.Admin);
        await using (var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Retain.Core.Storage.RetainDbContext>>().CreateDbContextAsync(Ct))
            (await Retain.Core.Storage.ShopSettings.GetBaseCurrencyAsync(db, Ct)).Should().Be("PLN");
        await page.Context.CloseAsync();
    }
}
