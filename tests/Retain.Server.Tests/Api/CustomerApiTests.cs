using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Retain.Server.Tests.Api;

public sealed class CustomerApiTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task PutCustomer_ThenGet_HasProfileMetricsAndTimeline(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var profile = new { email = "ann@example.com", firstName = "Ann", lastName = "Nowak", country = "PL", attributes = new Dictionary<string, string> { ["tier"] = "gold" } };
        await (await app.Client.PutJson("/api/v1/customers/c1", profile)).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/customers/c1", profile)).Expect(HttpStatusCode.OK);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order(placedAt: "2025-01-05T10:00:00Z"))).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/orders/o2", Json.Order(placedAt: "2025-02-05T10:00:00Z", lines: [Json.Line(1, "SKU-1", 1, 100m)]))).Expect(HttpStatusCode.Created);
        await (await app.Client.PostJson("/api/v1/orders/o2/refunds", new { refundExternalId = "r1", refundedAt = "2025-02-10T00:00:00Z", lines = new[] { new { lineNo = 1, quantity = 1, amount = 40m } } })).Expect(HttpStatusCode.Created);
        await (await app.Client.PostJson("/api/v1/events", new { events = new[] { new { externalId = "e1", customerExternalId = "c1", type = "viewed_product", occurredAt = "2025-02-11T00:00:00Z", sku = "SKU-1" } } })).Expect(HttpStatusCode.Created);

        var c = await (await app.Client.GetAsync("/api/v1/customers/c1", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal("ann@example.com", c.GetProperty("email").GetString());
        Assert.Equal("gold", c.GetProperty("attributes").GetProperty("tier").GetString());
        var m = c.GetProperty("metrics");
        Assert.Equal(2, m.GetProperty("orders").GetInt32());
        Assert.Equal(125.5m, m.GetProperty("grossRevenue").GetDecimal());
        Assert.Equal(85.5m, m.GetProperty("revenue").GetDecimal());
        Assert.Equal(new DateTime(2025, 1, 5, 10, 0, 0, DateTimeKind.Utc), m.GetProperty("firstOrderAt").GetDateTime().ToUniversalTime());
        Assert.Equal(["event", "refund", "order", "order"], c.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()));
        Assert.True(c.TryGetProperty("scores", out _));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task List_SearchesAndPages_ByPageAndByCursor(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        for (var i = 1; i <= 7; i++)
            await (await app.Client.PutJson($"/api/v1/customers/c{i}", new { email = i % 2 == 0 ? $"even{i}@Example.com" : $"odd{i}@example.com" })).Expect(HttpStatusCode.Created);
        var search = await (await app.Client.GetAsync("/api/v1/customers/?q=EVEN", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(["c2", "c4", "c6"], search.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()));

        var seen = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await (await app.Client.GetAsync($"/api/v1/customers/?pageSize=3{(cursor is null ? "" : "&cursor=" + cursor)}", Json.Ct)).Expect(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"c{i}"), seen);
        var third = await (await app.Client.GetAsync("/api/v1/customers/?page=3&pageSize=3", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(["c7"], third.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()));
        await (await app.Client.GetAsync("/api/v1/customers/?pageSize=0", Json.Ct)).Expect(HttpStatusCode.BadRequest, "pageSize");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Merge_MovesOrdersAndEvents_IsIdempotent(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order(customer: "dup"))).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/orders/o2", Json.Order(customer: "main"))).Expect(HttpStatusCode.Created);
        var merged = await (await app.Client.PostJson("/api/v1/customers/merge", new { sourceExternalId = "dup", targetExternalId = "main" })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, merged.GetProperty("ordersMoved").GetInt32());
        var again = await (await app.Client.PostJson("/api/v1/customers/merge", new { sourceExternalId = "dup", targetExternalId = "main" })).Expect(HttpStatusCode.OK);
        Assert.True(again.GetProperty("alreadyMerged").GetBoolean());
        await (await app.Client.PostJson("/api/v1/customers/merge", new { sourceExternalId = "main", targetExternalId = "main" })).Expect((HttpStatusCode)422, "targetExternalId");
        await (await app.Client.PostJson("/api/v1/customers/merge", new { sourceExternalId = "ghost", targetExternalId = "main" })).Expect(HttpStatusCode.NotFound);

        var main = await (await app.Client.GetAsync("/api/v1/customers/main", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(2, main.GetProperty("metrics").GetProperty("orders").GetInt32());
        // A later order for the merged id lands on the customer it was merged into.
        await (await app.Client.PutJson("/api/v1/orders/o3", Json.Order(customer: "dup"))).Expect(HttpStatusCode.Created);
        await using var db = app.Db();
        var mainId = (await db.Customers.SingleAsync(c => c.ExternalId == "main", Json.Ct)).Id;
        Assert.Equal(3, await db.Orders.CountAsync(o => o.CustomerId == mainId, Json.Ct));
    }
}
