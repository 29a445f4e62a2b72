using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Loyalty;
using Retain.Server.Loyalty;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Loyalty;

/// <summary>Helpers for the loyalty API tests: a programme, requests with an Idempotency-Key, the job, a fingerprint.</summary>
internal static class LoyaltyApi
{
    public const string Secret = "a-shared-secret-of-at-least-32-characters!";

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Retain:Loyalty:Shopper:Secret"] = Secret,
    };

    /// <summary>1 point per unit, no return window, points that never expire, Silver from 20 spent.</summary>
    public static async Task PublishAsync(TestApp app, object? rules = null)
    {
        rules ??= new { pointsPerUnit = 1, pendingPeriod = "00:00:00", expiryPeriod = (string?)null, tiers = new[] { new { name = "Silver", threshold = 20, earnMultiplier = 1 } } };
        await (await app.Client.PutJson("/api/v1/loyalty/programme", new { rules, effectiveFrom = "2025-01-01T00:00:00Z" })).Expect(HttpStatusCode.OK);
    }

    public static async Task<long> RewardAsync(TestApp app, long cost, string? minTier = null)
    {
        var json = await (await app.Client.PostJson("/api/v1/loyalty/rewards", new { name = $"{cost} points off", kind = "FixedDiscount", cost, value = 10m, minTier }))
            .Expect(HttpStatusCode.Created);
        return json.GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> PostWithKey(this HttpClient client, string url, object body, string? key, string? shopperToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json.Body(JsonSerializer.Serialize(body)) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        if (shopperToken is not null)
            request.Headers.Add(ShopperAuthenticationHandler.Header, shopperToken);
        return client.SendAsync(request, Json.Ct);
    }

    /// <summary>One pass of the loyalty job over everything committed so far (on PostgreSQL the feeds wait for other tests' open transactions).</summary>
    public static async Task<LoyaltyPassSummary?> RunJobAsync(TestApp app)
    {
        await app.Services.GetRequiredService<LoyaltyOrderFeed>().WaitForCommittedAsync(Json.Ct);
        return await app.Services.GetRequiredService<LoyaltyJobService>().RunOnceAsync(Json.Ct);
    }

    public static async Task<JsonElement> MemberAsync(TestApp app, string customer) =>
        await (await app.Client.GetAsync($"/api/v1/loyalty/members/{customer}", Json.Ct)).Expect(HttpStatusCode.OK);

    /// <summary>Every loyalty table, so a refused request can be shown to have written nothing.</summary>
    public static async Task<string> FingerprintAsync(TestApp app)
    {
        await using var db = app.Db();
        var ct = Json.Ct;
        var tables = new object[]
        {
            await db.LoyaltyRuleSets.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltyTransactions.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltyEntries.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltyMembers.AsNoTracking().OrderBy(x => x.CustomerId).ToListAsync(ct),
            await db.LoyaltyLots.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltyAllocations.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltyRewards.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltyRewardCodes.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Customers.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        };
        var counts = string.Join(",", tables.Select(t => ((System.Collections.ICollection)t).Count));
        return counts + ":" + Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(tables)));
    }
}
