using System.Net;
using Retain.Core.Scores;
using Microsoft.Extensions.DependencyInjection;
using Retain.Server.Loyalty;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Loyalty;

public sealed class LoyaltyApiTests
{
    private static CancellationToken Ct => Json.Ct;

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task OrdersEarnThroughTheJob_RewardsAreRedeemedForCodes_TheCheckoutConsumesOnce_RefundsReverse(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app);
        // 2 × 10 + 5.5: 20 + 5 points (rounded down per line). Yesterday, so the tier it brings is still held today.
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order(placedAt: yesterday))).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/orders/o2", Json.Order(customer: "c2", placedAt: yesterday, lines: [Json.Line(1, "SKU-1", 1, 7m)]))).Expect(HttpStatusCode.Created);

        var pass = await LoyaltyApi.RunJobAsync(app);
        var again = await LoyaltyApi.RunJobAsync(app);

        Assert.Equal(new LoyaltyPassSummary(2, 0, 2, 0, 0, 0), pass);
        Assert.Equal(new LoyaltyPassSummary(0, 0, 0, 0, 0, 0), again);
        var member = await LoyaltyApi.MemberAsync(app, "c1");
        Assert.Equal(25, member.GetProperty("available").GetInt64());
        Assert.Equal("Silver", member.GetProperty("tier").GetString());
        Assert.Equal(7, (await LoyaltyApi.MemberAsync(app, "c2")).GetProperty("available").GetInt64());

        var reward = await LoyaltyApi.RewardAsync(app, cost: 10);
        var redeemed = await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/redemptions", new { rewardId = reward }, "buy-1")).Expect(HttpStatusCode.OK);
        var replayed = await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/redemptions", new { rewardId = reward }, "buy-1")).Expect(HttpStatusCode.OK);
        var code = redeemed.GetProperty("code").GetProperty("code").GetString()!;
        Assert.Equal(code, replayed.GetProperty("code").GetProperty("code").GetString());
        Assert.Equal("Issued", (await (await app.Client.GetAsync($"/api/v1/loyalty/codes/{code}", Ct)).Expect(HttpStatusCode.OK)).GetProperty("status").GetString());

        var used = await (await app.Client.PostWithKey($"/api/v1/loyalty/codes/{code}/consume", new { orderRef = "o9" }, "checkout-1")).Expect(HttpStatusCode.OK);
        var usedAgain = await (await app.Client.PostWithKey($"/api/v1/loyalty/codes/{code}/consume", new { orderRef = "o9" }, "checkout-1")).Expect(HttpStatusCode.OK);
        Assert.Equal(used.ToString(), usedAgain.ToString());
        await (await app.Client.PostWithKey($"/api/v1/loyalty/codes/{code}/consume", new { orderRef = "o10" }, "checkout-2")).Expect(HttpStatusCode.Conflict, "code");
        await (await app.Client.GetAsync($"/api/v1/loyalty/codes/{code}", Ct)).Expect(HttpStatusCode.Conflict, "code");

        // A refund of the 5.50 line takes its 5 points back from the available balance.
        await (await app.Client.PostJson("/api/v1/orders/o1/refunds", new { refundExternalId = "r1", refundedAt = yesterday, lines = new[] { new { lineNo = 2, quantity = 1, amount = 5.5m } } }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(1, (await LoyaltyApi.RunJobAsync(app))!.RefundsReversed);
        Assert.Equal(25 - 10 - 5, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());

        var history = await (await app.Client.GetAsync("/api/v1/loyalty/members/c1/history", Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(["Refund", "Redeem", "Release", "Earn"], history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task BonusCampaigns_MultiplyOrdersInTheirRange_ForTheirTiersAndSegments_WithoutStacking(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, new
        {
            pointsPerUnit = 1, pendingPeriod = "00:00:00", expiryPeriod = (string?)null,
            tiers = new[] { new { name = "Silver", threshold = 1000, earnMultiplier = 1 } },
            campaigns = new object[]
            {
                new { name = "Double March", from = "2025-03-01T00:00:00Z", to = "2025-04-01T00:00:00Z", multiplier = 2 },
                new { name = "Triple week", from = "2025-03-10T00:00:00Z", to = "2025-03-17T00:00:00Z", multiplier = 3 },
                new { name = "Silver only", from = "2025-05-01T00:00:00Z", to = "2025-06-01T00:00:00Z", multiplier = 5, tiers = new[] { "Silver" } },
                new { name = "VIP June", from = "2025-06-01T00:00:00Z", to = "2025-07-01T00:00:00Z", multiplier = 4, segments = new[] { "vip" } },
            },
        });
        // 10 units each: before March 1×, in March 2×, in the triple week 3× (not 6×), the last instant of March 1×,
        // in May 1× (the customer is not Silver).
        var orders = new[] { ("o1", "2025-02-28T23:59:59Z"), ("o2", "2025-03-05T10:00:00Z"), ("o3", "2025-03-12T10:00:00Z"), ("o4", "2025-04-01T00:00:00Z"), ("o5", "2025-05-10T10:00:00Z") };
        foreach (var (id, at) in orders)
            await (await app.Client.PutJson($"/api/v1/orders/{id}", Json.Order(customer: "c1", placedAt: at, lines: [Json.Line(1, "SKU-1", 1, 10m)]))).Expect(HttpStatusCode.Created);
        await LoyaltyApi.RunJobAsync(app);
        Assert.Equal(10 + 20 + 30 + 10 + 10, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());

        // The VIP campaign reads the newest score run: a June order before c1 is scored earns 1×, one after c1 is a VIP 4×.
        await (await app.Client.PutJson("/api/v1/orders/o6", Json.Order(customer: "c1", placedAt: "2025-06-02T10:00:00Z", lines: [Json.Line(1, "SKU-1", 1, 10m)]))).Expect(HttpStatusCode.Created);
        await LoyaltyApi.RunJobAsync(app);
        await using (var db = app.Db())
        {
            var run = new ScoreRun { ModelVersion = "hand", DataStamp = "hand", ChurnSource = "bgnbd", Customers = 1, VipThreshold = 100, DataCutoff = new DateTime(2025, 6, 3, 0, 0, 0, DateTimeKind.Utc), ComputedAt = DateTime.UtcNow };
            db.ScoreRuns.Add(run);
            await db.SaveChangesAsync(Ct);
            db.CustomerScores.Add(new CustomerScore { RunId = run.Id, CustomerId = db.Customers.Single(c => c.ExternalId == "c1").Id, Clv12Months = 150 });
            await db.SaveChangesAsync(Ct);
        }
        await (await app.Client.PutJson("/api/v1/orders/o7", Json.Order(customer: "c1", placedAt: "2025-06-04T10:00:00Z", lines: [Json.Line(1, "SKU-1", 1, 10m)]))).Expect(HttpStatusCode.Created);
        await LoyaltyApi.RunJobAsync(app);
        Assert.Equal(10 + 20 + 30 + 10 + 10 + 10 + 40, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());

        // A refund of the March order takes back exactly what it earned (2×), not today's rule.
        await (await app.Client.PostJson("/api/v1/orders/o2/refunds", new { refundExternalId = "r2", refundedAt = "2025-07-01T00:00:00Z", lines = new[] { new { lineNo = 1, quantity = 1, amount = 10m } } }))
            .Expect(HttpStatusCode.Created);
        await LoyaltyApi.RunJobAsync(app);
        Assert.Equal(10 + 30 + 10 + 10 + 10 + 40, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());

        foreach (var bad in new object[]
        {
            new { campaigns = new[] { new { name = "backwards", from = "2025-03-02T00:00:00Z", to = "2025-03-01T00:00:00Z", multiplier = 2 } } },
            new { campaigns = new[] { new { name = "less", from = "2025-03-01T00:00:00Z", to = "2025-03-02T00:00:00Z", multiplier = 0.5 } } },
            new { campaigns = new[] { new { name = "gold", from = "2025-03-01T00:00:00Z", to = "2025-03-02T00:00:00Z", multiplier = 2, tiers = new[] { "Gold" } } } },
            new { campaigns = new[] { new { name = "typo", from = "2025-03-01T00:00:00Z", to = "2025-03-02T00:00:00Z", multiplier = 2, segments = new[] { "vips" } } } },
        })
            await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules = bad, effectiveFrom = "2025-01-01T00:00:00Z" })).Expect(HttpStatusCode.UnprocessableEntity, "rules.campaigns");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Commands_AwardAdjustCancel_WithIdempotencyKeys(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, new { actionRewards = new Dictionary<string, long> { ["review"] = 40 }, expiryPeriod = (string?)null });
        await (await app.Client.PutJson("/api/v1/customers/c1", new { email = "c1@example.com" })).Expect(HttpStatusCode.Created);

        await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/awards", new { action = "review", occurredAt = "2025-02-01T00:00:00Z" }, "rev-1")).Expect(HttpStatusCode.OK);
        await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/awards", new { action = "review", occurredAt = "2025-02-01T00:00:00Z" }, "rev-1")).Expect(HttpStatusCode.OK);
        await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/adjustments", new { points = 5, reason = "goodwill" }, "adj-1")).Expect(HttpStatusCode.OK);
        var redeemed = await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/redemptions", new { points = 30 }, "spend-1")).Expect(HttpStatusCode.OK);
        Assert.Equal(15, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());

        var key = redeemed.GetProperty("key").GetString();
        await (await app.Client.PostWithKey("/api/v1/loyalty/cancellations", new { redemptionKey = key }, "undo-1")).Expect(HttpStatusCode.OK);
        await (await app.Client.PostWithKey("/api/v1/loyalty/cancellations", new { redemptionKey = key }, "undo-1")).Expect(HttpStatusCode.OK);
        await (await app.Client.PostWithKey("/api/v1/loyalty/cancellations", new { redemptionKey = key }, "undo-2")).Expect(HttpStatusCode.Conflict, "redemptionKey");

        Assert.Equal(45, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task BadInput_AnswersProblemDetailsWithTheField_AndWritesNothing(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, new { actionRewards = new Dictionary<string, long> { ["review"] = 40 }, expiryPeriod = (string?)null });
        await (await app.Client.PutJson("/api/v1/customers/c1", new { email = "c1@example.com" })).Expect(HttpStatusCode.Created);
        await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/awards", new { action = "review", occurredAt = "2025-02-01T00:00:00Z" }, "rev-1")).Expect(HttpStatusCode.OK);
        var reward = await LoyaltyApi.RewardAsync(app, cost: 30);
        var pricey = await LoyaltyApi.RewardAsync(app, cost: 1000);
        var code = (await (await app.Client.PostWithKey("/api/v1/loyalty/members/c1/redemptions", new { rewardId = reward }, "buy-1")).Expect(HttpStatusCode.OK))
            .GetProperty("code").GetProperty("code").GetString();
        await (await app.Client.PostWithKey($"/api/v1/loyalty/codes/{code}/consume", new { orderRef = "o1" }, "checkout-1")).Expect(HttpStatusCode.OK);
        var before = await LoyaltyApi.FingerprintAsync(app);

        var cases = new (string Url, object Body, string? Key, HttpStatusCode Status, string Field)[]
        {
            ("/api/v1/loyalty/members/nobody/redemptions", new { points = 5 }, "k1", HttpStatusCode.NotFound, "externalId"),
            ("/api/v1/loyalty/members/c1/redemptions", new { points = -5 }, "k2", HttpStatusCode.UnprocessableEntity, "points"),
            ("/api/v1/loyalty/members/c1/redemptions", new { points = 0 }, "k3", HttpStatusCode.UnprocessableEntity, "points"),
            ("/api/v1/loyalty/members/c1/redemptions", new { points = 1.5 }, "k4", HttpStatusCode.BadRequest, "points"),
            ("/api/v1/loyalty/members/c1/redemptions", new { points = 11 }, "k5", HttpStatusCode.Conflict, "points"),
            ("/api/v1/loyalty/members/c1/redemptions", new { points = 5 }, null, HttpStatusCode.BadRequest, "Idempotency-Key"),
            ("/api/v1/loyalty/members/c1/redemptions", new { rewardId = pricey }, "k6", HttpStatusCode.Conflict, "points"),
            ("/api/v1/loyalty/members/c1/redemptions", new { rewardId = 999 }, "k7", HttpStatusCode.NotFound, "rewardId"),
            ("/api/v1/loyalty/members/c1/redemptions", new { points = 5 }, "buy-1", HttpStatusCode.Conflict, "Idempotency-Key"),
            ("/api/v1/loyalty/members/c1/awards", new { action = "unboxing", occurredAt = "2025-02-01T00:00:00Z" }, "k8", HttpStatusCode.UnprocessableEntity, "action"),
            ("/api/v1/loyalty/members/c1/awards", new { action = "review" }, "k9", HttpStatusCode.UnprocessableEntity, "occurredAt"),
            ("/api/v1/loyalty/members/c1/adjustments", new { points = 0, reason = "x" }, "k10", HttpStatusCode.UnprocessableEntity, "points"),
            ("/api/v1/loyalty/members/c1/adjustments", new { points = -500, reason = "x" }, "k11", HttpStatusCode.Conflict, "points"),
            ("/api/v1/loyalty/cancellations", new { redemptionKey = "api:redeem:never" }, "k12", HttpStatusCode.NotFound, "redemptionKey"),
            ("/api/v1/loyalty/cancellations", new { redemptionKey = "api:redeem:buy-1" }, "k13", HttpStatusCode.Conflict, "redemptionKey"),
            ($"/api/v1/loyalty/codes/{code}/consume", new { orderRef = "o2" }, "k14", HttpStatusCode.Conflict, "code"),
            ("/api/v1/loyalty/codes/NOSUCHCODE/consume", new { orderRef = "o2" }, "k15", HttpStatusCode.NotFound, "code"),
            ("/api/v1/loyalty/rewards", new { name = "free", kind = "FixedDiscount", cost = 0, value = 5 }, null, HttpStatusCode.UnprocessableEntity, "cost"),
            ("/api/v1/loyalty/rewards", new { name = "half", kind = "PercentDiscount", cost = 10, value = 150 }, null, HttpStatusCode.UnprocessableEntity, "value"),
            ("/api/v1/loyalty/rewards", new { name = "vip", kind = "FreeShipping", cost = 10, value = 0, minTier = "Platinum" }, null, HttpStatusCode.UnprocessableEntity, "minTier"),
        };
        foreach (var (url, body, key, status, field) in cases)
        {
            var response = await app.Client.PostWithKey(url, body, key);
            await response.Expect(status, field);
            Assert.True(before == await LoyaltyApi.FingerprintAsync(app), $"{url} {System.Text.Json.JsonSerializer.Serialize(body)} changed the database");
        }
        await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules = new { pointsPerUnit = -1 } })).Expect(HttpStatusCode.UnprocessableEntity, "rules.pointsPerUnit");
        await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules = new { tiers = new[] { new { name = "A", threshold = 1 }, new { name = "A", threshold = 2 } } } }))
            .Expect(HttpStatusCode.UnprocessableEntity, "rules.tiers");
        Assert.Equal(before, await LoyaltyApi.FingerprintAsync(app));
    }

    [Fact]
    public async Task Job_WhileAnotherServerHoldsTheLease_DoesNothing()
    {
        await using var app = await TestApp.StartAsync(settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order())).Expect(HttpStatusCode.Created);
        var leases = app.Services.GetRequiredService<JobLeases>();
        Assert.True(await leases.TryAcquireAsync(LoyaltyJobService.JobName, "other-server", TimeSpan.FromMinutes(5), DateTime.UtcNow, Ct));

        Assert.Null(await LoyaltyApi.RunJobAsync(app));
        Assert.Equal(0, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("pending").GetInt64());

        await leases.ReleaseAsync(LoyaltyJobService.JobName, "other-server", DateTime.UtcNow, Ct);
        Assert.Equal(1, (await LoyaltyApi.RunJobAsync(app))!.OrdersEarned);
    }
}
