using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Retain.Server.Tests.Api;

public sealed class CatalogEventConsentTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Products_BulkUpsertWithCategoryTree_CountsWhatChanged(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var body = new
        {
            categories = new[] { new { externalId = "shoes", name = "Shoes", parentExternalId = (string?)"apparel" }, new { externalId = "apparel", name = "Apparel", parentExternalId = (string?)null } },
            products = new[] { new { sku = "S1", name = "Runner", price = 99.9m, currency = "PLN", categoryExternalId = "shoes" }, new { sku = "S2", name = "Boot", price = 150m, currency = "PLN", categoryExternalId = "shoes" } },
        };
        var first = await (await app.Client.PutJson("/api/v1/products", body)).Expect(HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("products").GetProperty("created").GetInt32());
        Assert.Equal(2, first.GetProperty("categories").GetProperty("created").GetInt32());
        var second = await (await app.Client.PutJson("/api/v1/products", body)).Expect(HttpStatusCode.OK);
        Assert.Equal(2, second.GetProperty("products").GetProperty("unchanged").GetInt32());
        Assert.Equal(2, second.GetProperty("categories").GetProperty("unchanged").GetInt32());
        await using var db = app.Db();
        var shoes = await db.Categories.SingleAsync(c => c.ExternalId == "shoes", Json.Ct);
        var apparel = await db.Categories.SingleAsync(c => c.ExternalId == "apparel", Json.Ct);
        Assert.Equal(apparel.Id, shoes.ParentId);
        Assert.Equal(99.9m, (await db.Products.SingleAsync(p => p.Sku == "S1", Json.Ct)).Price);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Events_Batch_SkipsKnownIds(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        object Event(string id) => new { externalId = id, customerExternalId = "c1", type = "added_to_cart", occurredAt = "2025-01-01T00:00:00Z", properties = new { cart = 12 } };
        var first = await (await app.Client.PostJson("/api/v1/events", new { events = new[] { Event("e1"), Event("e2") } })).Expect(HttpStatusCode.Created);
        Assert.Equal(2, first.GetProperty("accepted").GetInt32());
        var second = await (await app.Client.PostJson("/api/v1/events", new { events = new[] { Event("e2"), Event("e3") } })).Expect(HttpStatusCode.Created);
        Assert.Equal(1, second.GetProperty("accepted").GetInt32());
        Assert.Equal(1, second.GetProperty("duplicates").GetInt32());
        await (await app.Client.PostJson("/api/v1/events", new { events = new[] { Event("e3") } })).Expect(HttpStatusCode.OK);
        await using var db = app.Db();
        Assert.Equal(3, await db.Events.CountAsync(Json.Ct));
        Assert.Contains("12", (await db.Events.FirstAsync(Json.Ct)).PropertiesJson, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Consents_AppendOnly_CurrentIsTheLatest(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var granted = new { purpose = "marketing", channel = "email", granted = true, lawfulBasis = "consent", textVersion = "v1", source = "checkout", recordedAt = "2025-01-01T00:00:00Z" };
        var withdrawn = new { purpose = "marketing", channel = "email", granted = false, lawfulBasis = "consent", textVersion = "v1", source = "preferences", recordedAt = "2025-03-01T00:00:00Z" };
        await (await app.Client.PostJson("/api/v1/customers/c1/consents", granted)).Expect(HttpStatusCode.Created);
        await (await app.Client.PostJson("/api/v1/customers/c1/consents", granted)).Expect(HttpStatusCode.OK);
        await (await app.Client.PostJson("/api/v1/customers/c1/consents", withdrawn)).Expect(HttpStatusCode.Created);
        var view = await (await app.Client.GetAsync("/api/v1/customers/c1/consents", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.False(view.GetProperty("current")[0].GetProperty("granted").GetBoolean());
        Assert.Equal(2, view.GetProperty("history").GetArrayLength());
        await (await app.Client.GetAsync("/api/v1/customers/nobody/consents", Json.Ct)).Expect(HttpStatusCode.NotFound);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task SegmentMembers_PagedJsonAndCsv(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        for (var i = 1; i <= 10; i++)
            await (await app.Client.PutJson($"/api/v1/orders/o{i}", Json.Order(customer: $"c{i}", placedAt: $"2025-01-{i:00}T10:00:00Z", lines: [Json.Line(1, "S", i, 10m)]))).Expect(HttpStatusCode.Created);
        var rfm = await (await app.Client.GetAsync("/api/v1/measure/rfm", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKindOk, rfm.ValueKind);
        var total = 0;
        foreach (var segment in new[] { "champions", "loyal", "potential-loyalist", "new", "promising", "need-attention", "about-to-sleep", "at-risk", "cant-lose-them", "hibernating", "lost" })
        {
            var page = await (await app.Client.GetAsync($"/api/v1/measure/rfm/segments/{segment}/members?pageSize=2", Json.Ct)).Expect(HttpStatusCode.OK);
            var count = page.GetProperty("total").GetInt32();
            total += count;
            Assert.True(page.GetProperty("items").GetArrayLength() == Math.Min(2, count));
            var csv = await app.Client.GetAsync($"/api/v1/measure/rfm/segments/{segment}/members?format=csv", Json.Ct);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var lines = (await csv.Content.ReadAsStringAsync(Json.Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("external_id,recency_days,frequency,monetary,rfm_score", lines[0]);
            Assert.Equal(count, lines.Length - 1);
        }
        Assert.Equal(10, total);
        await (await app.Client.GetAsync("/api/v1/measure/rfm/segments/vips/members", Json.Ct)).Expect(HttpStatusCode.BadRequest, "segment");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindOk = System.Text.Json.JsonValueKind.Object;
}
