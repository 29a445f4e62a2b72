using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Security;
using Retain.Server.Auth;
using Retain.Server.Dashboard.Pages;
using Retain.Server.Tests.Api;
using Retain.Server.Tests.Loyalty;

namespace Retain.Server.Tests.Dashboard;

/// <summary>The loyalty page's publish form: admin only, checked on the server, validated as the API validates.</summary>
public sealed class LoyaltyPageActionsTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task<ClaimsPrincipal> SignedIn(TestApp app, string email, UserRole role) =>
        AuthSetup.PrincipalOf(await app.Services.GetRequiredService<UserAccounts>().CreateAsync(email, "long-enough-password", role, cancellationToken: Ct));

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Publish_IsRefusedToNonAdmins_AndToInvalidRules_AndWritesNothing(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        var actions = app.Services.GetRequiredService<LoyaltyPageActions>();
        var admin = await SignedIn(app, "admin@shop.test", UserRole.Admin);
        var before = await LoyaltyApi.FingerprintAsync(app);

        foreach (var caller in new[] { await SignedIn(app, "viewer@shop.test", UserRole.Viewer), await SignedIn(app, "marketer@shop.test", UserRole.Marketer), new ClaimsPrincipal(new ClaimsIdentity()) })
        {
            var (published, error) = await actions.PublishAsync(caller, """{"pointsPerUnit": 2}""", Ct);
            Assert.Null(published);
            Assert.True(error!.Forbidden);
        }
        var invalid = await actions.PublishAsync(admin, """{"tiers": [{"name": "Gold", "threshold": -1}]}""", Ct);
        var malformed = await actions.PublishAsync(admin, """{"pointsPerUnit": "lots"}""", Ct);

        Assert.Equal(("rules.tiers", false), (invalid.Error!.Field, invalid.Error.Forbidden));
        Assert.Equal("rules.pointsPerUnit", malformed.Error!.Field);
        Assert.Equal(before, await LoyaltyApi.FingerprintAsync(app));

        var (version, ok) = await actions.PublishAsync(admin, """{"pointsPerUnit": 2}""", Ct);
        Assert.Null(ok);
        Assert.Equal(1, version!.Version);
        Assert.Equal(2m, (await actions.LoadAsync(Ct)).Rules!.PointsPerUnit);
    }
}
