using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Retain.Core.Security;
using Retain.Core.Storage;

namespace Retain.Server.Tests.Api;

/// <summary>Checked API keys are remembered briefly; a revocation made by another process still applies within that time.</summary>
public sealed class ApiKeyCacheTests
{
    [Fact]
    public async Task KeyRevokedByAnotherProcess_IsRefusedOnceTheCacheLifetimeHasPassed()
    {
        var lifetime = TimeSpan.FromSeconds(2);
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Retain:Security:ApiKeyCacheLifetime"] = lifetime.ToString() });
        var token = await app.CreateKeyAsync(ApiScopes.Read);
        var client = app.ClientWith(token);
        await (await client.GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.OK);
        // The CLI revokes through its own store, which this server's cache knows nothing about.
        var cli = new ApiKeyStore(app.Services.GetRequiredService<IDbContextFactory<RetainDbContext>>(), TimeProvider.System, Options.Create(new SecurityOptions()));
        Assert.True(ApiKeyTokens.TryParse(token, out var prefix, out _));
        Assert.True(await cli.RevokeAsync(prefix, Json.Ct));
        await Task.Delay(lifetime + TimeSpan.FromMilliseconds(200), Json.Ct);
        await (await client.GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CachedKey_StillChecksTheSecret()
    {
        await using var app = await TestApp.StartAsync();
        var token = await app.CreateKeyAsync(ApiScopes.Read);
        await (await app.ClientWith(token).GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.True(ApiKeyTokens.TryParse(token, out var prefix, out var secret));
        var forged = token.Replace(secret, new string('A', secret.Length), StringComparison.Ordinal);
        await (await app.ClientWith(forged).GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.Unauthorized);
    }
}
