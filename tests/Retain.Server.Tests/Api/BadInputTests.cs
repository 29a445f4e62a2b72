using System.Net;
using System.Text;

namespace Retain.Server.Tests.Api;

/// <summary>Each bad request gets the right 4xx as ProblemDetails naming the field, and the database is left exactly as it was.</summary>
public sealed class BadInputTests
{
    private const string ValidOrder = """{"customerExternalId":"c1","placedAt":"2025-03-01T10:00:00Z","currency":"PLN","lines":[{"lineNo":1,"sku":"A","quantity":2,"unitPrice":10},{"lineNo":2,"sku":"B","quantity":1,"unitPrice":5}]}""";

    public static TheoryData<string, string, string, string, int, string?> Cases()
    {
        var data = new TheoryData<string, string, string, string, int, string?>();
        void Add(string provider, string method, string url, string body, int status, string? field) => data.Add(provider, method, url, body, status, field);
        foreach (var p in new[] { "sqlite", "postgres" })
        {
            Add(p, "PUT", "/api/v1/orders/o9", """{"placedAt": "2025-01-01T00:00:00Z", "currency": """, 400, null);
            Add(p, "PUT", "/api/v1/orders/o9", "", 400, null);
            Add(p, "PUT", "/api/v1/orders/o9", "[1,2,3]", 400, null);
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"quantity\":2", "\"quantity\":\"two\"", StringComparison.Ordinal), 400, "lines[0].quantity");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"sku\":\"A\"", "\"sku\":17", StringComparison.Ordinal), 400, "lines[0].sku");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"currency\":\"PLN\",", "", StringComparison.Ordinal), 400, "currency");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"placedAt\":\"2025-03-01T10:00:00Z\",", "", StringComparison.Ordinal), 400, "placedAt");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"placedAt\":\"2025-03-01T10:00:00Z\"", "\"placedAt\":\"yesterday\"", StringComparison.Ordinal), 400, "placedAt");
            Add(p, "PUT", "/api/v1/orders/o9", """{"placedAt":"2025-03-01T10:00:00Z","currency":"PLN","lines":[]}""", 400, "lines");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"unitPrice\":10", "\"unitPrice\":-10", StringComparison.Ordinal), 400, "lines[0].unitPrice");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"quantity\":2", "\"quantity\":2000000000", StringComparison.Ordinal), 400, "lines[0].quantity");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"unitPrice\":10", "\"unitPrice\":1e40", StringComparison.Ordinal), 400, "lines[0].unitPrice");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"currency\":\"PLN\"", "\"currency\":\"QQQ\"", StringComparison.Ordinal), 422, "currency");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"currency\":\"PLN\"", "\"currency\":\"EURO\"", StringComparison.Ordinal), 400, "currency");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"lineNo\":2", "\"lineNo\":1", StringComparison.Ordinal), 422, "lines[1].lineNo");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"unitPrice\":5}", "\"unitPrice\":5,\"discount\":6}", StringComparison.Ordinal), 422, "lines[1].discount");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"currency\":\"PLN\"", "\"currency\":\"PLN\",\"status\":\"shipped\"", StringComparison.Ordinal), 400, "status");
            Add(p, "PUT", "/api/v1/orders/o9", ValidOrder.Replace("\"currency\":\"PLN\"", "\"currency\":\"PLN\",\"customerEmail\":\"not-an-email\"", StringComparison.Ordinal), 400, "customerEmail");
            Add(p, "PUT", "/api/v1/orders/" + new string('x', 201), ValidOrder, 400, "externalId");
            Add(p, "POST", "/api/v1/orders/o1/refunds", """{"refundExternalId":"r1","lines":[{"lineNo":1,"quantity":3}]}""", 422, "lines[0].quantity");
            Add(p, "POST", "/api/v1/orders/o1/refunds", """{"refundExternalId":"r1","lines":[{"lineNo":1,"quantity":1,"amount":1000}]}""", 422, "lines[0].amount");
            Add(p, "POST", "/api/v1/orders/o1/refunds", """{"refundExternalId":"r1","lines":[{"lineNo":1,"quantity":1},{"lineNo":1,"quantity":1}]}""", 422, "lines[1].lineNo");
            Add(p, "POST", "/api/v1/orders/missing/refunds", """{"refundExternalId":"r1","lines":[{"lineNo":1,"quantity":1}]}""", 404, null);
            Add(p, "PUT", "/api/v1/products", """{"products":[{"sku":"A","name":"a"},{"sku":"A","name":"b"}]}""", 422, "products[1].sku");
            Add(p, "PUT", "/api/v1/products", """{"products":[{"sku":"A","name":"a","categoryExternalId":"nope"}]}""", 422, "products[0].categoryExternalId");
            Add(p, "PUT", "/api/v1/products", """{"products":[{"sku":"A"}]}""", 400, "products[0].name");
            Add(p, "POST", "/api/v1/events", """{"events":[{"externalId":"e","customerExternalId":"c","type":"t","occurredAt":"2025-01-01T00:00:00Z"},{"externalId":"e","customerExternalId":"c","type":"t","occurredAt":"2025-01-01T00:00:00Z"}]}""", 422, "events[1].externalId");
            Add(p, "POST", "/api/v1/events", """{"events":[{"customerExternalId":"c","type":"t","occurredAt":"2025-01-01T00:00:00Z","properties":5}]}""", 422, "events[0].properties");
            Add(p, "POST", "/api/v1/events", "{\"events\":[" + string.Join(",", Enumerable.Repeat("""{"customerExternalId":"c","type":"t","occurredAt":"2025-01-01T00:00:00Z"}""", 1001)) + "]}", 400, "events");
            Add(p, "PUT", "/api/v1/customers/c2", """{"email":"nope"}""", 400, "email");
            Add(p, "PUT", "/api/v1/customers/c2", """{"birthday":"31/12/1990"}""", 400, "birthday");
            Add(p, "POST", "/api/v1/customers/c1/consents", """{"purpose":"marketing","channel":"email","lawfulBasis":"consent"}""", 400, "granted");
            Add(p, "POST", "/api/v1/customers/merge", """{"sourceExternalId":"c1","targetExternalId":"c1"}""", 422, "targetExternalId");
        }
        return data;
    }

    private static async Task<TestApp> SeededAsync(string provider)
    {
        var app = await TestApp.StartOnAsync(provider);
        await (await app.Client.PutAsync("/api/v1/orders/o1", Json.Body(ValidOrder), Json.Ct)).Expect(HttpStatusCode.Created);
        return app;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_GetsTheRightStatusAndField_AndChangesNothing(string provider, string method, string url, string body, int status, string? field)
    {
        await using var app = await SeededAsync(provider);
        var before = await DbFingerprint.TakeAsync(app);
        var response = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = Json.Body(body) }, Json.Ct);
        await response.Expect((HttpStatusCode)status, field);
        Assert.Equal(before, await DbFingerprint.TakeAsync(app));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task OversizePayload_Returns413_MissingWrongOrReadOnlyKey_401And403(string provider)
    {
        await using var app = await SeededAsync(provider);
        var before = await DbFingerprint.TakeAsync(app);
        var huge = "{\"email\":\"" + new string('a', 2_000_000) + "@example.com\"}";
        await (await app.Client.PutAsync("/api/v1/customers/big", Json.Body(huge), Json.Ct)).Expect(HttpStatusCode.RequestEntityTooLarge);
        await (await app.ClientWith(null).PutAsync("/api/v1/orders/o2", Json.Body(ValidOrder), Json.Ct)).Expect(HttpStatusCode.Unauthorized);
        await (await app.ClientWith("rtn_000000000000_wrong").PutAsync("/api/v1/orders/o2", Json.Body(ValidOrder), Json.Ct)).Expect(HttpStatusCode.Unauthorized);
        var reader = app.ClientWith(await app.CreateKeyAsync(Retain.Core.Security.ApiScopes.Read));
        await (await reader.PutAsync("/api/v1/orders/o2", Json.Body(ValidOrder), Json.Ct)).Expect(HttpStatusCode.Forbidden);
        var tooLongKey = new HttpRequestMessage(HttpMethod.Put, "/api/v1/orders/o2") { Content = Json.Body(ValidOrder) };
        tooLongKey.Headers.Add("Idempotency-Key", new string('k', 201));
        await (await app.Client.SendAsync(tooLongKey, Json.Ct)).Expect(HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Equal(before, await DbFingerprint.TakeAsync(app));
    }

    [Theory]
    [InlineData("sqlite", 2500)]
    [InlineData("postgres", 1000)]
    public async Task RandomBadOrders_EachGetTheirStatus_AndChangeNothing(string provider, int count)
    {
        await using var app = await SeededAsync(provider);
        var before = await DbFingerprint.TakeAsync(app);
        var random = new Random(20261122);
        var byStatus = new Dictionary<int, int>();
        for (var n = 0; n < count; n++)
        {
            var (body, status, what) = BadOrderFuzzer.Next(random);
            var response = await app.Client.PutAsync($"/api/v1/orders/fuzz-{n}", new StringContent(body, Encoding.UTF8, "application/json"), Json.Ct);
            var text = await response.Content.ReadAsStringAsync(Json.Ct);
            Assert.True((int)response.StatusCode == status, $"#{n} {what}: expected {status}, got {(int)response.StatusCode} for {body[..Math.Min(body.Length, 300)]} -> {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
        }
        Assert.Equal(before, await DbFingerprint.TakeAsync(app));
        // The generator exercised every kind of refusal.
        Assert.True(byStatus.GetValueOrDefault(400) > count / 2 && byStatus.GetValueOrDefault(422) > count / 20, string.Join(", ", byStatus));
    }
}
