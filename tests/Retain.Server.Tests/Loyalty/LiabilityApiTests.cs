using System.Globalization;
using System.Net;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Loyalty;

/// <summary>The liability report and the rule simulation through the real API.</summary>
public sealed class LiabilityApiTests
{
    private static CancellationToken Ct => Json.Ct;

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Liability_EqualsTheMembersBalances_AndASimulationWritesNothing(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);
        await LoyaltyApi.PublishAsync(app, new { pointsPerUnit = 1, pendingPeriod = "00:00:00", expiryPeriod = (string?)null, pointValue = 0.1m, tiers = new[] { new { name = "Silver", threshold = 20, earnMultiplier = 1 } } });
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order(placedAt: yesterday))).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/orders/o2", Json.Order(customer: "c2", placedAt: yesterday, lines: [Json.Line(1, "SKU-1", 1, 7m)]))).Expect(HttpStatusCode.Created);
        await LoyaltyApi.RunJobAsync(app);
        long balances = 0;
        foreach (var customer in new[] { "c1", "c2" })
        {
            var member = await LoyaltyApi.MemberAsync(app, customer);
            balances += member.GetProperty("available").GetInt64() + member.GetProperty("pending").GetInt64();
        }

        var report = await (await app.Client.GetAsync("/api/v1/loyalty/programme/liability", Ct)).Expect(HttpStatusCode.OK);

        var total = report.GetProperty("total");
        Assert.Equal(25 + 7, balances);
        Assert.Equal(balances, total.GetProperty("outstanding").GetInt64());
        Assert.Equal(balances * 0.1m, total.GetProperty("value").GetDecimal());
        Assert.Equal("rules", report.GetProperty("pointValue").GetProperty("basis").GetString());
        Assert.False(report.GetProperty("breakage").GetProperty("fromHistory").GetBoolean());
        // c1 (25 spent) is Silver, c2 (7) has no tier.
        Assert.Equal([(null, 7L), ("Silver", 25L)], report.GetProperty("tiers").EnumerateArray()
            .Select(t => (t.GetProperty("tier").GetString(), t.GetProperty("outstanding").GetInt64())));

        var before = await LoyaltyApi.FingerprintAsync(app);
        var simulation = await (await app.Client.PostJson("/api/v1/loyalty/programme/simulations",
            new { rules = new { pointsPerUnit = 2, tiers = new[] { new { name = "Silver", threshold = 5, earnMultiplier = 1 } } } })).Expect(HttpStatusCode.OK);

        // The current rules replayed give what the ledger gave; twice the rate gives ⌊2 × 20⌋ + ⌊2 × 5.5⌋ + 2 × 7.
        Assert.Equal(balances, simulation.GetProperty("current").GetProperty("pointsEarned").GetInt64());
        Assert.Equal(40 + 11 + 14, simulation.GetProperty("proposed").GetProperty("pointsEarned").GetInt64());
        Assert.Equal(2, simulation.GetProperty("orders").GetInt32());
        Assert.Equal(25.5m + 7m, simulation.GetProperty("revenue").GetDecimal());
        // c2 (7 spent) reaches Silver only under the proposed threshold of 5.
        Assert.Equal(1, simulation.GetProperty("moves").GetProperty("up").GetInt32());
        Assert.Equal(before, await LoyaltyApi.FingerprintAsync(app));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Simulate_WithInvalidRules_Returns422NamingTheField(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: LoyaltyApi.Settings);

        await (await app.Client.PostJson("/api/v1/loyalty/programme/simulations", new { rules = new { pointsPerUnit = -1 } }))
            .Expect(HttpStatusCode.UnprocessableEntity, "rules.pointsPerUnit");
        await (await app.Client.PostJson("/api/v1/loyalty/programme/simulations", new { rules = new { pointValue = -0.5 } }))
            .Expect(HttpStatusCode.UnprocessableEntity, "rules.pointValue");
        await (await app.Client.PostJson("/api/v1/loyalty/programme/simulations", new { rules = new { }, months = 0 }))
            .Expect(HttpStatusCode.UnprocessableEntity, "months");
        await (await app.Client.PostJson("/api/v1/loyalty/programme/simulations", new { months = 12 }))
            .Expect(HttpStatusCode.UnprocessableEntity, "rules");
    }
}
