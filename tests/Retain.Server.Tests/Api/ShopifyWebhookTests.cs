using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Retain.Server.Tests.Api;

public sealed class ShopifyWebhookTests
{
    private const string Secret = "shpss_test_secret";

    private const string OrderCreate = """
        {"id":820982911946154508,"name":"#1001","email":"jon@example.com","created_at":"2025-04-01T12:00:00-04:00","currency":"PLN",
         "financial_status":"paid","cancelled_at":null,"customer":{"id":115310627314723954,"email":"jon@example.com"},
         "billing_address":{"country_code":"PL"},"shipping_lines":[{"price":"15.00"}],
         "line_items":[{"id":1,"variant_id":11,"sku":"TSHIRT-M","title":"T-shirt","quantity":2,"price":"49.90","total_discount":"9.80"},
                       {"id":2,"variant_id":12,"sku":"","title":"Sticker","quantity":3,"price":"5.00","total_discount":"0.00"}]}
        """;

    private const string Refund = """
        {"id":509562969,"order_id":820982911946154508,"created_at":"2025-04-05T10:00:00Z","note":"too small",
         "refund_line_items":[{"quantity":1,"subtotal":45.0,"line_item":{"id":1,"variant_id":11,"sku":"TSHIRT-M","title":"T-shirt","quantity":2,"price":"49.90"}}]}
        """;

    private static HttpRequestMessage Signed(string topic, string body, string secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/shopify/{topic}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return request;
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task OrdersAndRefunds_MapOntoTheModel_RetriesChangeNothing_BadSignaturesAreRefused(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: new Dictionary<string, string?> { ["Retain:Webhooks:Shopify:Secret"] = Secret });
        var shop = app.ClientWith(null);
        await (await shop.SendAsync(Signed("orders/create", OrderCreate, "wrong secret"), Json.Ct)).Expect(HttpStatusCode.Unauthorized);
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/shopify/orders/create") { Content = Json.Body(OrderCreate) };
        await (await shop.SendAsync(unsigned, Json.Ct)).Expect(HttpStatusCode.Unauthorized);
        await using (var db = app.Db())
            Assert.Equal(0, await db.Orders.CountAsync(Json.Ct));

        var created = await (await shop.SendAsync(Signed("orders/create", OrderCreate), Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal("created", created.GetProperty("outcome").GetString());
        var retried = await (await shop.SendAsync(Signed("orders/create", OrderCreate), Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal("unchanged", retried.GetProperty("outcome").GetString());
        var order = await (await app.Client.GetAsync("/api/v1/orders/820982911946154508", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal("jon@example.com", order.GetProperty("customerExternalId").GetString());
        Assert.Equal(2 * 49.90m - 9.80m + 3 * 5.00m, order.GetProperty("revenue").GetDecimal());
        Assert.Equal(15m, order.GetProperty("shipping").GetDecimal());
        Assert.Equal("paid", order.GetProperty("status").GetString());
        Assert.Equal(new DateTime(2025, 4, 1, 16, 0, 0, DateTimeKind.Utc), order.GetProperty("placedAt").GetDateTime().ToUniversalTime());

        var updated = OrderCreate.Replace("\"cancelled_at\":null", "\"cancelled_at\":\"2025-04-02T00:00:00Z\"", StringComparison.Ordinal);
        Assert.Equal("updated", (await (await shop.SendAsync(Signed("orders/updated", updated), Json.Ct)).Expect(HttpStatusCode.OK)).GetProperty("outcome").GetString());

        await (await shop.SendAsync(Signed("refunds/create", Refund), Json.Ct)).Expect(HttpStatusCode.OK);
        await (await shop.SendAsync(Signed("refunds/create", Refund), Json.Ct)).Expect(HttpStatusCode.OK);
        await (await shop.SendAsync(Signed("products/create", "{}"), Json.Ct)).Expect((HttpStatusCode)422);
        await (await shop.SendAsync(Signed("orders/create", "{\"id\": \"x\""), Json.Ct)).Expect(HttpStatusCode.BadRequest);
        await using var check = app.Db();
        Assert.Equal(1, await check.Orders.CountAsync(Json.Ct));
        var stored = await check.Refunds.Include(r => r.Lines).SingleAsync(Json.Ct);
        Assert.Equal(45m, stored.Amount);
        Assert.Equal(Retain.Core.Orders.OrderStatus.Cancelled, (await check.Orders.SingleAsync(Json.Ct)).Status);
    }
}

public sealed class ApiDocsAndMetricsTests
{
    [Fact]
    public async Task ApiReference_IsServedWithLocalAssetsOnly()
    {
        await using var app = await TestApp.StartAsync();
        var anonymous = app.ClientWith(null);
        var html = await anonymous.GetStringAsync("/docs/v1", Json.Ct);
        var sources = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.DoesNotContain(sources, s => s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.StartsWith("//", StringComparison.Ordinal));
        foreach (var script in sources.Where(s => s.EndsWith(".js", StringComparison.Ordinal)))
        {
            var url = script.StartsWith('/') ? script : "/docs/" + script;
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url, Json.Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task CommittedWrites_AreCounted()
    {
        await using var app = await TestApp.StartAsync();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        long writes = 0;
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this app's meter: tests running in parallel have their own factories.
            if (instrument.Meter.Name == Retain.Server.Api.IngestMetrics.MeterName && instrument.Name == "retain.api.writes"
                && ReferenceEquals(instrument.Meter.Scope, app.Services.GetService(typeof(System.Diagnostics.Metrics.IMeterFactory))))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref writes, value));
        listener.Start();
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order())).Expect(HttpStatusCode.Created);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order(currency: "XXX"))).Expect((HttpStatusCode)422);
        Assert.Equal(1, Interlocked.Read(ref writes));
    }
}
