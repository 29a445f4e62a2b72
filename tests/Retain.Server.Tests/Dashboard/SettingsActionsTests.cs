using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Auth;
using Retain.Server.Dashboard.Settings;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Dashboard;

/// <summary>Every settings action checks the caller's role on the server, and guards the shop against locking itself out.</summary>
public sealed class SettingsActionsTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task<ClaimsPrincipal> SignedIn(TestApp app, string email, UserRole role) =>
        AuthSetup.PrincipalOf(await app.Services.GetRequiredService<UserAccounts>().CreateAsync(email, "long-enough-password", role, cancellationToken: Ct));

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ViewerAndMarketer_AreDenied_EveryChange_AndNothingChanges(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var actions = app.Services.GetRequiredService<SettingsActions>();
        var admin = await SignedIn(app, "admin@shop.test", UserRole.Admin);
        await SignedIn(app, "other@shop.test", UserRole.Viewer);
        var before = await actions.LoadAsync(Ct);

        foreach (var caller in new[] { await SignedIn(app, "viewer@shop.test", UserRole.Viewer), await SignedIn(app, "marketer@shop.test", UserRole.Marketer), new ClaimsPrincipal(new ClaimsIdentity()) })
        {
            Assert.True((await actions.SetBaseCurrencyAsync(caller, "EUR", Ct)).Forbidden);
            var (created, token) = await actions.CreateKeyAsync(caller, "sneaky", [ApiScopes.Admin], Ct);
            Assert.True(created.Forbidden);
            Assert.Null(token);
            Assert.True((await actions.RevokeKeyAsync(caller, before.Keys[0].Id, Ct)).Forbidden);
            Assert.True((await actions.CreateUserAsync(caller, "new@shop.test", "long-enough-password", UserRole.Admin, Ct)).Forbidden);
            Assert.True((await actions.SetRoleAsync(caller, "other@shop.test", UserRole.Admin, Ct)).Forbidden);
            Assert.True((await actions.DisableUserAsync(caller, "admin@shop.test", Ct)).Forbidden);
        }

        var after = await actions.LoadAsync(Ct);
        Assert.Equal(before.BaseCurrency, after.BaseCurrency);
        Assert.Equal(before.Keys.Select(Describe), after.Keys.Select(Describe));
        Assert.DoesNotContain(after.Users, u => u.Email == "new@shop.test");
        Assert.Equal(UserRole.Viewer, after.Users.Single(u => u.Email == "other@shop.test").Role);
        Assert.All(after.Users, u => Assert.Null(u.DisabledAt));
        Assert.True((await actions.SetRoleAsync(admin, "other@shop.test", UserRole.Marketer, Ct)).Ok); // the admin can
    }

    private static string Describe(ApiKeyRow k) => $"{k.Id} {k.Name} {string.Join('+', k.Scopes)} {k.RevokedAt:O}";

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Admin_CreatesAKey_WhoseTokenWorks_UntilRevoked(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var actions = app.Services.GetRequiredService<SettingsActions>();
        var admin = await SignedIn(app, "admin@shop.test", UserRole.Admin);

        Assert.Equal("scopes_required", (await actions.CreateKeyAsync(admin, "bad", ["everything"], Ct)).Result.Reason);
        Assert.Equal("name_required", (await actions.CreateKeyAsync(admin, " ", [ApiScopes.Read], Ct)).Result.Reason);
        var (result, token) = await actions.CreateKeyAsync(admin, "Shop sync", [ApiScopes.Read, ApiScopes.Ingest], Ct);
        Assert.True(result.Ok);
        var row = (await actions.LoadAsync(Ct)).Keys.Single(k => k.Name == "Shop sync");
        Assert.Equal([ApiScopes.Ingest, ApiScopes.Read], row.Scopes);
        Assert.StartsWith($"rtn_{row.Prefix}_", token, StringComparison.Ordinal);

        var client = app.ClientWith(token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/customers", Ct)).StatusCode);
        Assert.True((await actions.RevokeKeyAsync(admin, row.Id, Ct)).Ok);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/customers", Ct)).StatusCode);
        Assert.NotNull((await actions.LoadAsync(Ct)).Keys.Single(k => k.Id == row.Id).RevokedAt);
        Assert.Equal("not_found", (await actions.RevokeKeyAsync(admin, 999_999, Ct)).Reason);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task BaseCurrency_ChangesOnAnEmptyShop_ButNotOnceOrdersAreStoredInIt(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var actions = app.Services.GetRequiredService<SettingsActions>();
        var admin = await SignedIn(app, "admin@shop.test", UserRole.Admin);

        Assert.Equal("currency_invalid", (await actions.SetBaseCurrencyAsync(admin, "euro", Ct)).Reason);
        Assert.True((await actions.SetBaseCurrencyAsync(admin, "eur", Ct)).Ok);
        Assert.Equal("EUR", (await actions.LoadAsync(Ct)).BaseCurrency);

        var order = """{"customerExternalId":"c-1","placedAt":"2025-01-05T10:00:00Z","currency":"EUR","lines":[{"sku":"s-1","quantity":1,"unitPrice":10}]}""";
        var posted = await app.Client.PutAsync("/api/v1/orders/o-1", new StringContent(order, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync(Ct));
        var locked = await actions.SetBaseCurrencyAsync(admin, "USD", Ct);
        Assert.Equal(("currency", "currency_locked"), (locked.Field, locked.Reason));
        Assert.True((await actions.SetBaseCurrencyAsync(admin, "EUR", Ct)).Ok); // the same code is no change
        await using var db = app.Db();
        Assert.Equal("EUR", await db.GetBaseCurrencyAsync(Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Users_AreCreatedAndChanged_ButTheLastAdminCannotBeDemotedOrDisabled(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var actions = app.Services.GetRequiredService<SettingsActions>();
        var admin = await SignedIn(app, "admin@shop.test", UserRole.Admin);

        Assert.Equal("password_short", (await actions.CreateUserAsync(admin, "m@shop.test", "short", UserRole.Marketer, Ct)).Reason);
        Assert.True((await actions.CreateUserAsync(admin, "M@Shop.test", "long-enough-password", UserRole.Marketer, Ct)).Ok);
        Assert.Equal("email_taken", (await actions.CreateUserAsync(admin, "m@shop.test", "long-enough-password", UserRole.Viewer, Ct)).Reason);
        Assert.Equal("last_admin", (await actions.SetRoleAsync(admin, "admin@shop.test", UserRole.Viewer, Ct)).Reason);
        Assert.Equal("disable_self", (await actions.DisableUserAsync(admin, "admin@shop.test", Ct)).Reason);

        Assert.True((await actions.SetRoleAsync(admin, "m@shop.test", UserRole.Admin, Ct)).Ok);
        Assert.True((await actions.SetRoleAsync(admin, "admin@shop.test", UserRole.Viewer, Ct)).Ok); // another admin exists now
        var second = AuthSetup.PrincipalOf((await app.Services.GetRequiredService<UserAccounts>().ListAsync(Ct)).Single(u => u.Email == "m@shop.test"));
        Assert.Equal("last_admin", (await actions.SetRoleAsync(second, "m@shop.test", UserRole.Marketer, Ct)).Reason);
        Assert.True((await actions.DisableUserAsync(second, "admin@shop.test", Ct)).Ok);

        var users = (await actions.LoadAsync(Ct)).Users;
        Assert.NotNull(users.Single(u => u.Email == "admin@shop.test").DisabledAt);
        Assert.Equal(UserRole.Admin, users.Single(u => u.Email == "m@shop.test").Role);
        Assert.Null(await app.Services.GetRequiredService<UserAccounts>().SignInAsync("admin@shop.test", "long-enough-password", Ct));
    }
}
