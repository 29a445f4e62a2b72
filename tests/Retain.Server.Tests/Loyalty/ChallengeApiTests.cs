using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Loyalty;
using Retain.Server.Loyalty;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Loyalty;

/// <summary>Challenges evaluated from the order and event feeds, badges given once, progress, the leaderboard.</summary>
public sealed class ChallengeApiTests
{
    private static CancellationToken Ct => Json.Ct;

    // Orders of 25 points each, no return window. Repeat periods of 30 days count from 2000-01-01, so 2025-02-18 to
    // 2025-03-19 is one period and 2025-03-20 to 2025-04-18 the next.
    private static readonly object Rules = new
    {
        pointsPerUnit = 1, pendingPeriod = "00:00:00", expiryPeriod = (string?)null,
        challenges = new object[]
        {
            new { id = "three-orders", name = "3 orders in 90 days", badge = "Regular", kind = "Orders", count = 3, window = "90.00:00:00", points = 30 },
            new { id = "first-review", name = "First review", badge = "Critic", kind = "Event", eventType = "review", points = 10 },
            new { id = "big-spender", name = "Spend 40 in a month", badge = "Big spender", kind = "Spend", amount = 40, repeatEvery = "30.00:00:00", points = 5 },
        },
        leaderboard = new { enabled = true, top = 5 },
    };

    private static async Task OrderAsync(TestApp app, string order, string customer, string placedAt) =>
        await (await app.Client.PutJson($"/api/v1/orders/{order}", Json.Order(customer: customer, placedAt: placedAt))).Expect(HttpStatusCode.Created);

    private static async Task EventAsync(TestApp app, string id, string customer, string type, string at) =>
        await app.Client.PostJson("/api/v1/events", new { events = new[] { new { externalId = id, customerExternalId = customer, type, occurredAt = at } } });

    private static async Task<List<(string Challenge, long Period, long Points)>> BadgesAsync(TestApp app, string customer) =>
        [.. (await (await app.Client.GetAsync($"/api/v1/loyalty/members/{customer}/badges", Ct)).Expect(HttpStatusCode.OK)).EnumerateArray()
            .Select(b => (b.GetProperty("challengeId").GetString()!, b.GetProperty("period").GetInt64(), b.GetProperty("points").GetInt64()))];

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Challenges_AreCompletedOnce_RepeatedEventsAndFeedRunsDoNotDouble(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, Rules);
        await (await app.Client.PutJson("/api/v1/customers/c1", new { email = "anna@example.com", firstName = "anna", lastName = "kowalska" })).Expect(HttpStatusCode.Created);
        await OrderAsync(app, "o1", "c1", "2025-03-01T10:00:00Z");
        await OrderAsync(app, "o2", "c1", "2025-03-10T10:00:00Z");
        await EventAsync(app, "e1", "c1", "review", "2025-03-05T10:00:00Z");
        await EventAsync(app, "v1", "c1", "viewed_product", "2025-03-06T10:00:00Z");

        await LoyaltyApi.RunJobAsync(app);

        // 50 spent in period 306 (days since 2000-01-01 / 30); two orders are not yet three.
        Assert.Equal([("first-review", 0L, 10L), ("big-spender", 306L, 5L)], await BadgesAsync(app, "c1"));
        Assert.Equal(50 + 15, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());

        await OrderAsync(app, "o3", "c1", "2025-04-01T10:00:00Z");
        await OrderAsync(app, "o4", "c1", "2025-04-15T10:00:00Z");
        await EventAsync(app, "e2", "c1", "review", "2025-04-10T10:00:00Z");
        await EventAsync(app, "e1", "c1", "review", "2025-03-05T10:00:00Z");
        await LoyaltyApi.RunJobAsync(app);
        await LoyaltyApi.RunJobAsync(app);

        var expected = new List<(string, long, long)> { ("first-review", 0, 10), ("big-spender", 306, 5), ("three-orders", 0, 30), ("big-spender", 307, 5) };
        Assert.Equal(expected, await BadgesAsync(app, "c1"));
        Assert.Equal(100 + 50, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());

        // The feed read again from the start, three times at once, and the same completions sent twice concurrently.
        await using (var db = app.Db())
            await db.LoyaltySyncStates.Where(s => s.Name.StartsWith("challenge")).ExecuteDeleteAsync(Ct);
        var feed = app.Services.GetRequiredService<LoyaltyChallengeFeed>();
        var ledger = app.Services.GetRequiredService<LoyaltyLedger>();
        var customerId = (await Retain.Core.Loyalty.LoyaltyQueries.CustomerIdAsync(app.Db(), "c1", Ct))!.Value;
        var ruleSetId = (await app.Db().LoyaltyRuleSets.SingleAsync(Ct)).Id;
        var review = new ChallengeCompletion("first-review", 0, new DateTime(2025, 3, 5, 10, 0, 0, DateTimeKind.Utc), ruleSetId,
            new ChallengeRule { Id = "first-review", Badge = "Critic", Kind = ChallengeKind.Event, EventType = "review", Points = 10 });
        await Task.WhenAll([.. Enumerable.Range(0, 3).Select(_ => Task.Run(() => feed.EvaluateNextAsync(100, Ct), Ct)),
            .. Enumerable.Range(0, 2).Select(_ => Task.Run(() => ledger.CompleteChallengeAsync(customerId, review, Ct), Ct))]);

        Assert.Equal(expected, await BadgesAsync(app, "c1"));
        Assert.Equal(150, (await LoyaltyApi.MemberAsync(app, "c1")).GetProperty("available").GetInt64());
        Assert.True((await ledger.VerifyAsync(Ct)).IsConsistent);
        await using var check = app.Db();
        Assert.All(await check.LoyaltyTransactions.Where(t => t.Kind == LoyaltyTransactionKind.Challenge).ToListAsync(Ct), t => Assert.Equal(ruleSetId, t.RuleSetId));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Progress_Leaderboard_AndTheShoppersOwnView(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, Rules);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await (await app.Client.PutJson("/api/v1/customers/c1", new { email = "anna@example.com", firstName = "anna", lastName = "kowalska" })).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/customers/c2", new { email = "bob@example.com", firstName = "Bob" })).Expect(HttpStatusCode.Created);
        await OrderAsync(app, "o1", "c1", yesterday);
        await OrderAsync(app, "o2", "c2", yesterday);
        await OrderAsync(app, "o3", "c2", yesterday);
        await EventAsync(app, "e1", "c2", "review", yesterday);
        await LoyaltyApi.RunJobAsync(app);

        var progress = (await (await app.Client.GetAsync("/api/v1/loyalty/members/c1/challenges", Ct)).Expect(HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(p => p.GetProperty("challengeId").GetString()!, p => (p.GetProperty("progress").GetDecimal(), p.GetProperty("target").GetDecimal(), p.GetProperty("completed").GetBoolean()));
        Assert.Equal((1m, 3m, false), progress["three-orders"]);
        Assert.Equal((0m, 1m, false), progress["first-review"]);

        // c2: 2 × 25 order points, 10 for the review, 5 for spending 50 (if both orders fall in one period, which they do: same day).
        var board = await (await app.Client.GetAsync("/api/v1/loyalty/leaderboard", Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal([(1, "B***", 65L), (2, "A*** K.", 25L)],
            board.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("rank").GetInt32(), e.GetProperty("name").GetString(), e.GetProperty("points").GetInt64())));
        var topOne = await (await app.Client.GetAsync("/api/v1/loyalty/leaderboard?top=1", Ct)).Expect(HttpStatusCode.OK);
        Assert.Single(topOne.GetProperty("entries").EnumerateArray());
        await (await app.Client.GetAsync("/api/v1/loyalty/leaderboard?top=6", Ct)).Expect(HttpStatusCode.BadRequest, "top");

        var token = ShopperTokens.Create(LoyaltyApi.Secret, "c2", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
        var shopper = app.ClientWith(null);
        shopper.DefaultRequestHeaders.Add(ShopperAuthenticationHandler.Header, token);
        var badges = await (await shopper.GetAsync("/api/v1/shopper/loyalty/badges", Ct)).Expect(HttpStatusCode.OK);
        var own = await (await shopper.GetAsync("/api/v1/shopper/loyalty/challenges", Ct)).Expect(HttpStatusCode.OK);
        var code = await (await shopper.GetAsync("/api/v1/shopper/loyalty/referral", Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(["Critic", "Big spender"], badges.EnumerateArray().Select(b => b.GetProperty("badge").GetString()).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(2m, own.EnumerateArray().Single(p => p.GetProperty("challengeId").GetString() == "three-orders").GetProperty("progress").GetDecimal());
        var memberCode = await (await app.Client.GetAsync("/api/v1/loyalty/members/c2/referral", Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(memberCode.GetProperty("code").GetString(), code.GetProperty("code").GetString());
        await (await app.ClientWith(null).GetAsync("/api/v1/shopper/loyalty/badges", Ct)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Leaderboard_WhenTheProgrammeDidNotOptIn_IsNotFound_AndBadChallengesAreRefused()
    {
        await using var app = await TestApp.StartAsync(settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app);
        await (await app.Client.GetAsync("/api/v1/loyalty/leaderboard", Ct)).Expect(HttpStatusCode.NotFound, "leaderboard");
        await (await app.Client.GetAsync("/api/v1/loyalty/members/nobody/badges", Ct)).Expect(HttpStatusCode.NotFound, "externalId");
        await (await app.Client.GetAsync("/api/v1/loyalty/members/nobody/challenges", Ct)).Expect(HttpStatusCode.NotFound, "externalId");
        var before = await EngagementFingerprint.OfAsync(app);
        object[] bad =
        [
            new { challenges = new[] { new { id = "a", badge = "A", kind = "Orders", count = 1 }, new { id = "a", badge = "B", kind = "Orders", count = 2 } } },
            new { challenges = new[] { new { id = "a", badge = "A", kind = "Event", count = 1 } } },
            new { challenges = new[] { new { id = "a", badge = "A", kind = "Spend", amount = 0 } } },
            new { challenges = new[] { new { id = "a", badge = "A", kind = "Orders", count = 2, window = "30.00:00:00", repeatEvery = "30.00:00:00" } } },
        ];
        foreach (var rules in bad)
            await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules })).Expect(HttpStatusCode.UnprocessableEntity, "rules.challenges");
        await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules = new { leaderboard = new { enabled = true, top = 0 } } }))
            .Expect(HttpStatusCode.UnprocessableEntity, "rules.leaderboard");
        Assert.Equal(before, await EngagementFingerprint.OfAsync(app));
    }
}
