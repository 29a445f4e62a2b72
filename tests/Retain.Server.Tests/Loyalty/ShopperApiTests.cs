using System.Net;
using Retain.Core.Loyalty;
using Retain.Server.Loyalty;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Loyalty;

/// <summary>The storefront widget's API behind shop-signed shopper tokens.</summary>
public sealed class ShopperApiTests
{
    private static CancellationToken Ct => Json.Ct;

    private static string Token(string customer, string secret = LoyaltyApi.Secret, TimeSpan? lifetime = null, DateTimeOffset? issued = null) =>
        ShopperTokens.Create(secret, customer, issued ?? DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromMinutes(15));

    private static Task<HttpResponseMessage> GetAs(TestApp app, string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
            request.Headers.Add(ShopperAuthenticationHandler.Header, token);
        // No API key: the shopper's token is all a widget has.
        return app.ClientWith(null).SendAsync(request, Ct);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task TierPerks_FollowTheMembersTier_InTheMemberAndShopperViews(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, new
        {
            pointsPerUnit = 1, pendingPeriod = "00:00:00", expiryPeriod = (string?)null,
            tiers = new object[]
            {
                new { name = "Silver", threshold = 20, earnMultiplier = 1 },
                new { name = "Gold", threshold = 100, earnMultiplier = 1.5, freeShipping = true, earlyAccess = true, flags = new[] { "gift-wrap" } },
            },
        });
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order(customer: "gold", placedAt: yesterday, lines: [Json.Line(1, "SKU-1", 1, 150m)]))).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/orders/o2", Json.Order(customer: "silver", placedAt: yesterday, lines: [Json.Line(1, "SKU-1", 1, 30m)]))).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/customers/none", new { email = "none@example.com" })).Expect(HttpStatusCode.Created);
        await LoyaltyApi.RunJobAsync(app);

        var gold = (await LoyaltyApi.MemberAsync(app, "gold")).GetProperty("perks");
        Assert.Equal(1.5m, gold.GetProperty("earnMultiplier").GetDecimal());
        Assert.True(gold.GetProperty("freeShipping").GetBoolean());
        Assert.True(gold.GetProperty("earlyAccess").GetBoolean());
        Assert.Equal(["gift-wrap"], gold.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var shopper = (await (await GetAs(app, "/api/v1/shopper/loyalty", Token("gold"))).Expect(HttpStatusCode.OK)).GetProperty("perks");
        Assert.Equal(gold.ToString(), shopper.ToString());

        foreach (var customer in new[] { "silver", "none" })
        {
            var perks = (await LoyaltyApi.MemberAsync(app, customer)).GetProperty("perks");
            Assert.Equal(1m, perks.GetProperty("earnMultiplier").GetDecimal());
            Assert.False(perks.GetProperty("freeShipping").GetBoolean());
            Assert.False(perks.GetProperty("earlyAccess").GetBoolean());
            Assert.Empty(perks.GetProperty("flags").EnumerateArray());
        }
        // Bad flags are refused with the field, and the rules stay as they were.
        var bad = new { tiers = new[] { new { name = "Gold", threshold = 100, flags = new[] { "" } } } };
        await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules = bad, effectiveFrom = "2025-01-01T00:00:00Z" })).Expect(HttpStatusCode.UnprocessableEntity, "rules.tiers");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task AShopper_SeesOnlyTheirOwnPoints_AndRedeemsForACode(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, new { actionRewards = new Dictionary<string, long> { ["review"] = 40, ["survey"] = 7 }, expiryPeriod = (string?)null });
        foreach (var (customer, action) in new[] { ("c1", "review"), ("c2", "survey") })
        {
            await (await app.Client.PutJson($"/api/v1/customers/{customer}", new { email = $"{customer}@example.com" })).Expect(HttpStatusCode.Created);
            await (await app.Client.PostWithKey($"/api/v1/loyalty/members/{customer}/awards", new { action, occurredAt = "2025-02-01T00:00:00Z" }, customer)).Expect(HttpStatusCode.OK);
        }
        var cheap = await LoyaltyApi.RewardAsync(app, cost: 30);
        var dear = await LoyaltyApi.RewardAsync(app, cost: 50);

        var me = await (await GetAs(app, "/api/v1/shopper/loyalty", Token("c1"))).Expect(HttpStatusCode.OK);
        var other = await (await GetAs(app, "/api/v1/shopper/loyalty", Token("c2"))).Expect(HttpStatusCode.OK);
        var rewards = await (await GetAs(app, "/api/v1/shopper/loyalty/rewards", Token("c1"))).Expect(HttpStatusCode.OK);

        Assert.Equal(("c1", 40L), (me.GetProperty("customerId").GetString(), me.GetProperty("available").GetInt64()));
        Assert.Equal(("c2", 7L), (other.GetProperty("customerId").GetString(), other.GetProperty("available").GetInt64()));
        Assert.Equal([(cheap, true), (dear, false)], rewards.EnumerateArray().Select(r => (r.GetProperty("reward").GetProperty("id").GetInt64(), r.GetProperty("affordable").GetBoolean())));

        var client = app.ClientWith(null);
        var redeemed = await (await client.PostWithKey("/api/v1/shopper/loyalty/redemptions", new { rewardId = cheap }, "w1", Token("c1"))).Expect(HttpStatusCode.OK);
        await (await client.PostWithKey("/api/v1/shopper/loyalty/redemptions", new { rewardId = dear }, "w2", Token("c1"))).Expect(HttpStatusCode.Conflict, "points");
        var codes = await (await GetAs(app, "/api/v1/shopper/loyalty/codes", Token("c1"))).Expect(HttpStatusCode.OK);
        var othersCodes = await (await GetAs(app, "/api/v1/shopper/loyalty/codes", Token("c2"))).Expect(HttpStatusCode.OK);
        var history = await (await GetAs(app, "/api/v1/shopper/loyalty/history", Token("c1"))).Expect(HttpStatusCode.OK);

        Assert.Equal(redeemed.GetProperty("code").GetProperty("code").GetString(), Assert.Single(codes.EnumerateArray()).GetProperty("code").GetString());
        Assert.Empty(othersCodes.EnumerateArray());
        Assert.Equal([-30L, 40L], history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("available").GetInt64()));
        Assert.Equal(10, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task BadTokens_AreRefused_AndRedeemNothing()
    {
        await using var app = await TestApp.StartAsync(settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, new { actionRewards = new Dictionary<string, long> { ["review"] = 40 }, expiryPeriod = (string?)null });
        await (await app.Client.PutJson("/api/v1/customers/c1", new { email = "c1@example.com" })).Expect(HttpStatusCode.Created);
        await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/awards", new { action = "review", occurredAt = "2025-02-01T00:00:00Z" }, "a")).Expect(HttpStatusCode.OK);
        var reward = await LoyaltyApi.RewardAsync(app, cost: 30);
        var good = Token("c1");
        var parts = good.Split('.');
        var otherPayload = Token("c2").Split('.')[1];
        var before = await LoyaltyApi.FingerprintAsync(app);

        var bad = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["forged with another secret"] = Token("c1", secret: "another-secret-that-is-also-32-characters-long"),
            ["expired"] = Token("c1", issued: DateTimeOffset.UtcNow.AddMinutes(-30)),
            ["lives too long"] = Token("c1", lifetime: TimeSpan.FromDays(30)),
            ["issued in the future"] = Token("c1", issued: DateTimeOffset.UtcNow.AddHours(1)),
            ["payload swapped for another shopper's"] = $"{parts[0]}.{otherPayload}.{parts[2]}",
            ["signature cut"] = $"{parts[0]}.{parts[1]}.{parts[2][..^2]}",
            ["garbage"] = "not-a-token",
            ["an API key instead"] = app.AdminToken,
        };
        foreach (var (name, token) in bad)
        {
            var get = await GetAs(app, "/api/v1/shopper/loyalty", token);
            Assert.True(get.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)get.StatusCode}");
            var post = await app.ClientWith(null).PostWithKey("/api/v1/shopper/loyalty/redemptions", new { rewardId = reward }, "w-" + name, token);
            Assert.True(post.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)post.StatusCode}");
        }
        // An API key as a bearer token is no shopper token either.
        var withKey = await app.Client.GetAsync("/api/v1/shopper/loyalty", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
        Assert.Equal(before, await LoyaltyApi.FingerprintAsync(app));
        await (await GetAs(app, "/api/v1/shopper/loyalty", good)).Expect(HttpStatusCode.OK);
    }
}
