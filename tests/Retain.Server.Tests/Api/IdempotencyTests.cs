using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Retain.Server.Tests.Api;

public sealed class IdempotencyTests
{
    private static HttpRequestMessage Put(string url, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task SameKeySameBody_ReplaysTheStoredResponse(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var first = await app.Client.SendAsync(Put("/api/v1/orders/o1", Json.Order(), "k-1"), Json.Ct);
        var firstBody = await first.Content.ReadAsStringAsync(Json.Ct);
        await first.Expect(HttpStatusCode.Created);
        var second = await app.Client.SendAsync(Put("/api/v1/orders/o1", Json.Order(), "k-1"), Json.Ct);
        // The stored 201 comes back (a fresh PUT without the key would say 200).
        await second.Expect(HttpStatusCode.Created);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync(Json.Ct));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        await using var db = app.Db();
        Assert.Equal(1, await db.Orders.CountAsync(Json.Ct));
        Assert.Equal(1, await db.IdempotencyRecords.CountAsync(Json.Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task SameKeyDifferentBody_Returns422_AndChangesNothing(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        await (await app.Client.SendAsync(Put("/api/v1/orders/o1", Json.Order(), "k-1"), Json.Ct)).Expect(HttpStatusCode.Created);
        var before = await DbFingerprint.TakeAsync(app);
        var other = Json.Order(lines: [Json.Line(1, "SKU-9", 9, 9m)]);
        await (await app.Client.SendAsync(Put("/api/v1/orders/o1", other, "k-1"), Json.Ct)).Expect((HttpStatusCode)422, "Idempotency-Key");
        Assert.Equal(before, await DbFingerprint.TakeAsync(app));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ConcurrentPutsOfOneNewOrder_StoreOneOrderOneCustomer(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => app.Client.PutJson("/api/v1/orders/race", Json.Order(customer: "racer"))));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.OK));
        await using var db = app.Db();
        Assert.Equal(1, await db.Orders.CountAsync(Json.Ct));
        Assert.Equal(1, await db.Customers.CountAsync(Json.Ct));
        Assert.Equal(2, await db.OrderLines.CountAsync(Json.Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ConcurrentOrdersOfOneNewCustomerAndNewSkus_CreateEachOnce(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => app.Client.PutJson($"/api/v1/orders/o{i}", Json.Order(customer: "shared"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await using var db = app.Db();
        Assert.Equal(12, await db.Orders.CountAsync(Json.Ct));
        Assert.Equal(1, await db.Customers.CountAsync(Json.Ct));
        Assert.Equal(2, await db.Products.CountAsync(Json.Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task RetryStorm_EveryRequestTwiceSomeConcurrently_EndsWithExactlyOneCopy(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var random = new Random(7);
        var sends = new List<Func<Task<HttpResponseMessage>>>();
        for (var i = 0; i < 40; i++)
        {
            var id = $"storm-{i}";
            var body = Json.Order(customer: $"c{i % 7}", lines: [Json.Line(1, $"SKU-{i % 5}", 1 + i % 3, 10m + i)]);
            var key = i % 2 == 0 ? $"key-{i}" : null;
            sends.Add(() => app.Client.SendAsync(Put($"/api/v1/orders/{id}", body, key), Json.Ct));
            sends.Add(() => app.Client.SendAsync(Put($"/api/v1/orders/{id}", body, key), Json.Ct));
            var refund = new { refundExternalId = $"r-{i}", lines = new[] { new { lineNo = 1, quantity = 1 } } };
            sends.Add(() => app.Client.PostJson($"/api/v1/orders/{id}/refunds", refund));
        }
        // Shuffled and in waves of 8 at once: duplicates often run concurrently, and a refund may come before its order (404, then retried).
        var order = sends.OrderBy(_ => random.Next()).ToList();
        var failed = new List<Func<Task<HttpResponseMessage>>>();
        foreach (var wave in order.Chunk(8))
        {
            var results = await Task.WhenAll(wave.Select(s => s()));
            for (var j = 0; j < wave.Length; j++)
            {
                Assert.True((int)results[j].StatusCode is 200 or 201 or 404, $"{results[j].StatusCode}: {await results[j].Content.ReadAsStringAsync(Json.Ct)}");
                if (results[j].StatusCode == HttpStatusCode.NotFound)
                    failed.Add(wave[j]);
            }
        }
        foreach (var retry in failed)
            Assert.True((await retry()).IsSuccessStatusCode);
        await using var db = app.Db();
        Assert.Equal(40, await db.Orders.CountAsync(Json.Ct));
        Assert.Equal(40, await db.OrderLines.CountAsync(Json.Ct));
        Assert.Equal(40, await db.Refunds.CountAsync(Json.Ct));
        Assert.Equal(7, await db.Customers.CountAsync(Json.Ct));
        Assert.Equal(5, await db.Products.CountAsync(Json.Ct));
    }
}
