using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Loyalty;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Loyalty;

/// <summary>Referral codes, fraud checks and the reward of both sides on the first paid order past the return window.</summary>
public sealed class ReferralApiTests
{
    private static CancellationToken Ct => Json.Ct;

    /// <summary>A 7-day return window; 100 points for the referrer, 50 for the referred; at most 2 referrals in 30 days.</summary>
    private static Task PublishAsync(TestApp app, int maxPerReferrer = 2) => LoyaltyApi.PublishAsync(app, new
    {
        pointsPerUnit = 1, pendingPeriod = "7.00:00:00", expiryPeriod = (string?)null,
        referrals = new { referrerPoints = 100, referredPoints = 50, baseUrl = "https://shop.example/invite", maxPerReferrer, limitPeriod = "30.00:00:00" },
    });

    private static string DaysAgo(double days) =>
        DateTime.UtcNow.AddDays(-days).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async Task CustomerAsync(TestApp app, string id, string email) =>
        await (await app.Client.PutJson($"/api/v1/customers/{id}", new { email, firstName = "Anna", lastName = "Kowalska" })).Expect(HttpStatusCode.Created);

    /// <summary>A paid order of 2 × 10 + 5.50 (25 points).</summary>
    private static async Task PaidOrderAsync(TestApp app, string order, string customer, string placedAt) =>
        await (await app.Client.PutJson($"/api/v1/orders/{order}", new
        {
            customerExternalId = customer, placedAt, currency = "PLN", status = "paid",
            lines = new[] { Json.Line(1, "SKU-1", 2, 10m), Json.Line(2, "SKU-2", 1, 5.5m) },
        })).Expect(HttpStatusCode.Created);

    private static async Task<string> CodeAsync(TestApp app, string customer) =>
        (await (await app.Client.GetAsync($"/api/v1/loyalty/members/{customer}/referral", Ct)).Expect(HttpStatusCode.OK)).GetProperty("code").GetString()!;

    private static async Task<JsonElement> ReferAsync(TestApp app, string key, string customer, string code, string? email = null, string? address = null, string? deviceId = null) =>
        await (await app.Client.PostWithKey("/api/v1/loyalty/referrals", new { customerId = customer, code, email, address, deviceId }, key)).Expect(HttpStatusCode.OK);

    private static async Task<Dictionary<string, (string Status, string? Reason)>> ReferralsAsync(TestApp app, string referrer) =>
        (await (await app.Client.GetAsync($"/api/v1/loyalty/members/{referrer}/referrals", Ct)).Expect(HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(r => r.GetProperty("referredCustomerId").GetString()!,
                r => (r.GetProperty("status").GetString()!, r.GetProperty("reason").ValueKind == JsonValueKind.Null ? null : r.GetProperty("reason").GetString()));

    private static async Task<long> AvailableAsync(TestApp app, string customer) =>
        (await LoyaltyApi.MemberAsync(app, customer)).GetProperty("available").GetInt64();

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task BothSidesAreRewardedOnce_OnTheFirstPaidOrderPastTheWindow_HoweverOftenAndConcurrentlyTheFeedRuns(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await PublishAsync(app);
        await CustomerAsync(app, "c1", "anna@example.com");
        await CustomerAsync(app, "c2", "bob@example.com");

        var first = await (await app.Client.GetAsync("/api/v1/loyalty/members/c1/referral", Ct)).Expect(HttpStatusCode.OK);
        var code = first.GetProperty("code").GetString()!;
        Assert.Equal(code, await CodeAsync(app, "c1"));
        Assert.Equal($"https://shop.example/invite?ref={code}", first.GetProperty("link").GetString());
        Assert.NotEqual(code, await CodeAsync(app, "c2"));

        var referred = await ReferAsync(app, "ref-1", "c2", code.ToLowerInvariant(), address: "ul. Polna 1, Kraków", deviceId: "dev-2");
        var replayed = await ReferAsync(app, "ref-1", "c2", code.ToLowerInvariant(), address: "ul. Polna 1, Kraków", deviceId: "dev-2");
        Assert.Equal("Pending", referred.GetProperty("status").GetString());
        Assert.Equal(("c1", referred.GetProperty("id").GetInt64()), (referred.GetProperty("referrerCustomerId").GetString(), replayed.GetProperty("id").GetInt64()));

        // Inside the window nothing is paid, however often the job runs.
        await PaidOrderAsync(app, "o1", "c2", DaysAgo(3));
        await LoyaltyApi.RunJobAsync(app);
        await LoyaltyApi.RunJobAsync(app);
        Assert.Equal(("Pending", (string?)null), (await ReferralsAsync(app, "c1"))["c2"]);
        Assert.Equal(0, await AvailableAsync(app, "c1"));

        // Past it (a second, later paid order changes nothing): the job and four direct settlements race.
        await PaidOrderAsync(app, "o0", "c2", DaysAgo(10));
        await PaidOrderAsync(app, "o2", "c2", DaysAgo(9));
        var ledger = app.Services.GetRequiredService<LoyaltyLedger>();
        var feed = app.Services.GetRequiredService<LoyaltyOrderFeed>();
        await feed.WaitForCommittedAsync(Ct);
        await feed.EarnNextAsync(100, Ct);
        await ledger.ReleasePendingAsync(DateTime.UtcNow, Ct);
        var racers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ledger.SettleReferralsAsync(DateTime.UtcNow, Ct), Ct)).ToList<Task>();
        racers.Add(Task.Run(() => LoyaltyApi.RunJobAsync(app), Ct));
        await Task.WhenAll(racers);
        await LoyaltyApi.RunJobAsync(app);

        Assert.Equal(("Rewarded", (string?)null), (await ReferralsAsync(app, "c1"))["c2"]);
        Assert.Equal(100, await AvailableAsync(app, "c1"));
        Assert.Equal(25 + 25 + 50, await AvailableAsync(app, "c2"));
        Assert.Equal(25, (await LoyaltyApi.MemberAsync(app, "c2")).GetProperty("pending").GetInt64());
        await using var db = app.Db();
        var rewards = await db.LoyaltyTransactions.AsNoTracking().Where(t => t.Kind == LoyaltyTransactionKind.ReferralReward).ToListAsync(Ct);
        Assert.Equal(2, rewards.Count);
        Assert.All(rewards, t => Assert.Equal("o0", t.OrderRef));
        var version = await db.LoyaltyRuleSets.Select(r => r.Id).SingleAsync(Ct);
        Assert.All(await db.LoyaltyEntries.Where(e => rewards.Select(r => r.Id).Contains(e.TransactionId)).ToListAsync(Ct), e => Assert.Equal(version, e.RuleSetId));
        Assert.True((await ledger.VerifyAsync(Ct)).IsConsistent);
        var history = await (await app.Client.GetAsync("/api/v1/loyalty/members/c2/history", Ct)).Expect(HttpStatusCode.OK);
        Assert.Contains(history.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "ReferralReward" && i.GetProperty("available").GetInt64() == 50);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task FraudChecks_RejectWithTheReason_AndRejectedReferralsNeverPay(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await PublishAsync(app);
        await CustomerAsync(app, "c1", "Anna.K+shop@Gmail.com");
        await (await app.Client.PostJson("/api/v1/loyalty/members/c1/evidence", new { address = "ul. Długa 5/3, 00-001 Warszawa", deviceId = "DEV-1" })).Expect(HttpStatusCode.OK);
        var code = await CodeAsync(app, "c1");
        foreach (var id in new[] { "s1", "s2", "s3", "s4", "f1", "f2", "f3" })
            await CustomerAsync(app, id, $"{id}@example.com");
        await PaidOrderAsync(app, "old", "s4", DaysAgo(40));

        await ReferAsync(app, "k1", "s1", code, email: "annak@gmail.com");
        await ReferAsync(app, "k2", "s2", code, address: "UL. DŁUGA 5 3  00001 warszawa");
        await ReferAsync(app, "k3", "s3", code, deviceId: " dev-1 ");
        await ReferAsync(app, "k4", "s4", code);
        await ReferAsync(app, "k5", "f1", code, address: "ul. Długa 7", deviceId: "dev-f1");
        await ReferAsync(app, "k6", "f2", code);
        var limited = await ReferAsync(app, "k7", "f3", code);

        Assert.Equal(("Rejected", "referrer_limit"), (limited.GetProperty("status").GetString(), limited.GetProperty("reason").GetString()));
        Assert.Equal(new Dictionary<string, (string, string?)>
        {
            ["s1"] = ("Rejected", "same_email"), ["s2"] = ("Rejected", "same_address"), ["s3"] = ("Rejected", "same_device"),
            ["s4"] = ("Rejected", "existing_customer"), ["f1"] = ("Pending", null), ["f2"] = ("Pending", null), ["f3"] = ("Rejected", "referrer_limit"),
        }, await ReferralsAsync(app, "c1"));

        // Everyone orders and the window passes: only the two accepted referrals pay the referrer.
        foreach (var id in new[] { "s1", "s2", "s3", "f1", "f2", "f3" })
            await PaidOrderAsync(app, "o-" + id, id, DaysAgo(10));
        await LoyaltyApi.RunJobAsync(app);
        Assert.Equal(200, await AvailableAsync(app, "c1"));
        var balances = await Task.WhenAll(new[] { "s1", "s2", "s3", "f1", "f2", "f3" }.Select(id => AvailableAsync(app, id)));
        Assert.Equal([25L, 25L, 25L, 75L, 75L, 25L], balances);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ARefundOfTheFirstOrderInsideTheWindow_MeansNoReward_ARefundAfterItDoesNot(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await PublishAsync(app);
        await CustomerAsync(app, "c1", "anna@example.com");
        await CustomerAsync(app, "c2", "bob@example.com");
        await CustomerAsync(app, "c3", "cid@example.com");
        var code = await CodeAsync(app, "c1");
        await ReferAsync(app, "k1", "c2", code);
        await ReferAsync(app, "k2", "c3", code);
        await PaidOrderAsync(app, "o2", "c2", DaysAgo(10));
        await PaidOrderAsync(app, "o3", "c3", DaysAgo(10));
        // The window closed 3 days ago: c2's refund came inside it, c3's after it.
        await (await app.Client.PostJson("/api/v1/orders/o2/refunds", new { refundExternalId = "r2", refundedAt = DaysAgo(8), lines = new[] { new { lineNo = 2, quantity = 1, amount = 5.5m } } }))
            .Expect(HttpStatusCode.Created);
        await (await app.Client.PostJson("/api/v1/orders/o3/refunds", new { refundExternalId = "r3", refundedAt = DaysAgo(1), lines = new[] { new { lineNo = 2, quantity = 1, amount = 5.5m } } }))
            .Expect(HttpStatusCode.Created);

        await LoyaltyApi.RunJobAsync(app);
        await LoyaltyApi.RunJobAsync(app);

        Assert.Equal(new Dictionary<string, (string, string?)> { ["c2"] = ("Rejected", "first_order_refunded"), ["c3"] = ("Rewarded", null) }, await ReferralsAsync(app, "c1"));
        Assert.Equal(100, await AvailableAsync(app, "c1"));
        Assert.Equal(20, await AvailableAsync(app, "c2"));
        Assert.Equal(20 + 50, await AvailableAsync(app, "c3"));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task BadInput_AnswersProblemDetailsWithTheField_AndWritesNothing(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await PublishAsync(app);
        await CustomerAsync(app, "c1", "anna@example.com");
        await CustomerAsync(app, "c2", "bob@example.com");
        await CustomerAsync(app, "c3", "cid@example.com");
        var code = await CodeAsync(app, "c1");
        await ReferAsync(app, "k1", "c2", code);
        var before = await EngagementFingerprint.OfAsync(app);

        var cases = new (string Url, object Body, string? Key, HttpStatusCode Status, string Field)[]
        {
            ("/api/v1/loyalty/referrals", new { customerId = "nobody", code }, "b1", HttpStatusCode.NotFound, "customerId"),
            ("/api/v1/loyalty/referrals", new { customerId = "c3", code = "NOSUCHCODE" }, "b2", HttpStatusCode.NotFound, "code"),
            ("/api/v1/loyalty/referrals", new { customerId = "c1", code }, "b3", HttpStatusCode.UnprocessableEntity, "code"),
            ("/api/v1/loyalty/referrals", new { customerId = "c2", code }, "b4", HttpStatusCode.Conflict, "customerId"),
            ("/api/v1/loyalty/referrals", new { customerId = "c3", code = " " }, "b5", HttpStatusCode.UnprocessableEntity, "code"),
            ("/api/v1/loyalty/referrals", new { customerId = (string?)null, code }, "b6", HttpStatusCode.UnprocessableEntity, "customerId"),
            ("/api/v1/loyalty/referrals", new { customerId = "c3", code }, null, HttpStatusCode.BadRequest, "Idempotency-Key"),
            ("/api/v1/loyalty/referrals", new { customerId = "c3", code }, "k1", HttpStatusCode.Conflict, "Idempotency-Key"),
            ("/api/v1/loyalty/members/nobody/evidence", new { deviceId = "d" }, null, HttpStatusCode.NotFound, "externalId"),
            ("/api/v1/loyalty/members/c1/evidence", new { email = " " }, null, HttpStatusCode.UnprocessableEntity, "email"),
        };
        foreach (var (url, body, key, status, field) in cases)
        {
            await (await app.Client.PostWithKey(url, body, key)).Expect(status, field);
            Assert.True(before == await EngagementFingerprint.OfAsync(app), $"{url} {JsonSerializer.Serialize(body)} changed the database");
        }
        await (await app.Client.GetAsync("/api/v1/loyalty/members/nobody/referral", Ct)).Expect(HttpStatusCode.NotFound, "externalId");
        await (await app.Client.GetAsync("/api/v1/loyalty/members/nobody/referrals", Ct)).Expect(HttpStatusCode.NotFound, "externalId");
        await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules = new { referrals = new { referrerPoints = 10, baseUrl = "shop/invite" } } }))
            .Expect(HttpStatusCode.UnprocessableEntity, "rules.referrals");
        await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules = new { referrals = new { referrerPoints = -10, referredPoints = 20, baseUrl = "https://shop.example/i" } } }))
            .Expect(HttpStatusCode.UnprocessableEntity, "rules.referrals");
        Assert.Equal(before, await EngagementFingerprint.OfAsync(app));
    }
}
