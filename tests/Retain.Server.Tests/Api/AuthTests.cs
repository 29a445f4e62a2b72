using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Security;

namespace Retain.Server.Tests.Api;

public sealed class AuthTests
{
    [Fact]
    public async Task MeasureWithoutKey_Returns401ProblemDetails()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.ClientWith(null).GetAsync("/api/v1/measure/kpis", Json.Ct);
        await response.Expect(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("rtn_aaaaaaaaaaaa_bm90LWEtcmVhbC1zZWNyZXQ")]
    [InlineData("not-even-a-token")]
    public async Task WrongKey_Returns401(string token)
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.ClientWith(token).GetAsync("/api/v1/customers/", Json.Ct);
        await response.Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RightPrefixWrongSecret_Returns401()
    {
        await using var app = await TestApp.StartAsync();
        var token = await app.CreateKeyAsync(ApiScopes.Read);
        var tampered = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        (await (await app.ClientWith(token).GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.OK)).GetProperty("items");
        await (await app.ClientWith(tampered).GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task XApiKeyHeader_IsAccepted()
    {
        await using var app = await TestApp.StartAsync();
        var client = app.ClientWith(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.CreateKeyAsync(ApiScopes.Read));
        var me = await (await client.GetAsync("/api/v1/auth/me", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal("api_key", me.GetProperty("kind").GetString());
        Assert.Equal(["read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task ReadKeyWriting_Returns403_AndWritesNothing()
    {
        await using var app = await TestApp.StartAsync();
        var reader = app.ClientWith(await app.CreateKeyAsync(ApiScopes.Read));
        await (await reader.PutJson("/api/v1/customers/c1", new { email = "a@example.com" })).Expect(HttpStatusCode.Forbidden);
        await (await reader.PutJson("/api/v1/orders/o1", Json.Order())).Expect(HttpStatusCode.Forbidden);
        await using var db = app.Db();
        Assert.Equal(0, db.Customers.Count());
        Assert.Equal(0, db.Orders.Count());
    }

    [Fact]
    public async Task IngestKeyReading_Returns403()
    {
        await using var app = await TestApp.StartAsync();
        var writer = app.ClientWith(await app.CreateKeyAsync(ApiScopes.Ingest));
        await (await writer.PutJson("/api/v1/customers/c1", new { email = "a@example.com" })).Expect(HttpStatusCode.Created);
        await (await writer.GetAsync("/api/v1/customers/c1", Json.Ct)).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RevokedKey_IsRejected()
    {
        await using var app = await TestApp.StartAsync();
        var token = await app.CreateKeyAsync(ApiScopes.Read);
        var client = app.ClientWith(token);
        await (await client.GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.True(ApiKeyTokens.TryParse(token, out var prefix, out _));
        Assert.True(await app.Services.GetRequiredService<ApiKeyStore>().RevokeAsync(prefix, Json.Ct));
        await (await client.GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task StoredKey_HoldsNoSecret_AndRecordsLastUse()
    {
        await using var app = await TestApp.StartAsync();
        var token = await app.CreateKeyAsync(ApiScopes.Read);
        await (await app.ClientWith(token).GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.True(ApiKeyTokens.TryParse(token, out var prefix, out var secret));
        await using var db = app.Db();
        var key = db.ApiKeys.Single(k => k.Prefix == prefix);
        Assert.Equal(32, key.SecretHash.Length);
        Assert.DoesNotContain(secret, Convert.ToBase64String(key.SecretHash), StringComparison.Ordinal);
        Assert.NotNull(key.LastUsedAt);
    }

    [Fact]
    public async Task HealthAndOpenApi_StayOpen()
    {
        await using var app = await TestApp.StartAsync();
        var anonymous = app.ClientWith(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health", Json.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json", Json.Ct)).StatusCode);
    }

    [Fact]
    public async Task OverTheRateLimit_Returns429WithRetryAfter_PerKey()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Retain:Api:RateLimit:PermitsPerSecond"] = "1",
            ["Retain:Api:RateLimit:Burst"] = "3",
        });
        var first = app.ClientWith(await app.CreateKeyAsync(ApiScopes.Read));
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await first.GetAsync("/api/v1/customers/", Json.Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                limited ??= response;
        }
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.NotNull(limited);
        await limited.Expect(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        // Another key has its own bucket.
        var second = app.ClientWith(await app.CreateKeyAsync(ApiScopes.Read));
        await (await second.GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UserLogin_SetsCookie_ViewerCanReadButNotWrite_DisabledUserIsOut()
    {
        await using var app = await TestApp.StartAsync();
        var users = app.Services.GetRequiredService<UserAccounts>();
        await users.CreateAsync("Viewer@Example.com", "correct horse battery", UserRole.Viewer, cancellationToken: Json.Ct);
        var browser = app.ClientWith(null);
        await (await browser.PostJson("/api/v1/auth/login", new { email = "viewer@example.com", password = "wrong password!" })).Expect(HttpStatusCode.Unauthorized);
        var login = await browser.PostJson("/api/v1/auth/login", new { email = "viewer@example.com", password = "correct horse battery" });
        var me = await login.Expect(HttpStatusCode.OK);
        Assert.Equal("Viewer", me.GetProperty("role").GetString());
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("retain_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var session = app.ClientWith(null);
        session.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        await (await session.GetAsync("/api/v1/auth/me", Json.Ct)).Expect(HttpStatusCode.OK);
        await (await session.GetAsync("/api/v1/customers/", Json.Ct)).Expect(HttpStatusCode.OK);
        await (await session.PutJson("/api/v1/customers/c1", new { email = "a@example.com" })).Expect(HttpStatusCode.Forbidden);

        Assert.True(await users.SetRoleAsync("viewer@example.com", UserRole.Marketer, Json.Ct));
        await (await session.PutJson("/api/v1/customers/c1", new { email = "a@example.com" })).Expect(HttpStatusCode.Created);

        Assert.True(await users.DisableAsync("viewer@example.com", Json.Ct));
        await (await session.GetAsync("/api/v1/auth/me", Json.Ct)).Expect(HttpStatusCode.Unauthorized);
    }
}
