using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Orders;
using Retain.Core.Products;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Tests.Api;

/// <summary>
/// Group commit on SQLite (<see cref="SqliteWriteBatches"/>): the test holds the writer's turn so that every request
/// queues, then lets go — they all run in one batch. The same requests on PostgreSQL (no batches) must end the same.
/// </summary>
public sealed class WriteBatchTests
{
    private static readonly Dictionary<string, string?> GroupCommit = new() { ["Retain:Api:SqliteGroupCommit"] = "true" };

    private static HttpRequestMessage Put(string url, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>Sends the requests while the writer's turn is held (SQLite: they queue), then lets the batch run.</summary>
    private static async Task<(HttpResponseMessage[] Responses, long Batches)> InOneBatchAsync(TestApp app, string provider, List<HttpRequestMessage> requests)
    {
        var batches = app.Services.GetRequiredService<SqliteWriteBatches>();
        var before = batches.Batches;
        if (provider != "sqlite")
            return (await Task.WhenAll(requests.Select(r => app.Client.SendAsync(r, Json.Ct))), 0);
        await using var scope = app.Services.CreateAsyncScope();
        var turn = await app.Services.GetRequiredService<SqliteWriteGate>().EnterAsync(scope.ServiceProvider.GetRequiredService<RetainDbContext>(), Json.Ct);
        Task<HttpResponseMessage[]> sent;
        try
        {
            sent = Task.WhenAll(requests.Select(r => app.Client.SendAsync(r, Json.Ct)));
            // The first request is taken by the batch, which then waits for the turn; the rest queue behind it.
            while (batches.Queued < requests.Count - 1)
                await Task.Delay(10, Json.Ct);
        }
        finally
        {
            turn?.Dispose();
        }
        return (await sent, batches.Batches - before);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task OneFailingRequestInABatch_FailsAlone_TheOthersCommit(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: GroupCommit);
        var requests = Enumerable.Range(0, 10).Select(i => i == 4
            // Valid JSON and fields, refused by the upsert itself (no rate for the currency): 422, nothing written.
            ? Put("/api/v1/orders/bad", Json.Order(customer: "bad-customer", currency: "USD", lines: [Json.Line(1, "SKU-BAD", 1, 5m)]))
            : Put($"/api/v1/orders/ok-{i}", Json.Order(customer: $"c{i}", lines: [Json.Line(1, $"SKU-{i}", 1, 10m + i)]))).ToList();

        var (responses, batches) = await InOneBatchAsync(app, provider, requests);

        if (provider == "sqlite")
            Assert.Equal(1, batches);
        for (var i = 0; i < responses.Length; i++)
            await responses[i].Expect(i == 4 ? (HttpStatusCode)422 : HttpStatusCode.Created, i == 4 ? "currency" : null);
        await using var db = app.Db();
        Assert.Equal(9, await db.Orders.CountAsync(Json.Ct));
        Assert.False(await db.Orders.AnyAsync(o => o.ExternalId == "bad", Json.Ct));
        Assert.False(await db.Customers.AnyAsync(c => c.ExternalId == "bad-customer", Json.Ct));
        Assert.False(await db.Products.AnyAsync(p => p.Sku == "SKU-BAD", Json.Ct));
        Assert.Equal(9, await db.Customers.CountAsync(Json.Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task SameKeyRetriesInOneBatch_WriteOnce_AndReplayTheFirstAnswer(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, settings: GroupCommit);
        var body = Json.Order(customer: "retrier", lines: [Json.Line(1, "SKU-1", 2, 10m), Json.Line(2, "SKU-2", 1, 5m)]);
        var requests = Enumerable.Range(0, 8).Select(_ => Put("/api/v1/orders/retried", body, "same-key")).ToList();

        var (responses, batches) = await InOneBatchAsync(app, provider, requests);

        if (provider == "sqlite")
            Assert.Equal(1, batches);
        var bodies = new List<string>();
        foreach (var response in responses)
        {
            await response.Expect(HttpStatusCode.Created);
            bodies.Add(await response.Content.ReadAsStringAsync(Json.Ct));
        }
        Assert.Single(bodies.Distinct());
        Assert.Equal(7, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        await using var db = app.Db();
        Assert.Equal(1, await db.Orders.CountAsync(Json.Ct));
        Assert.Equal(2, await db.OrderLines.CountAsync(Json.Ct));
        Assert.Equal(1, await db.Customers.CountAsync(Json.Ct));
        Assert.Equal(1, await db.IdempotencyRecords.CountAsync(Json.Ct));
    }

    [Fact]
    public async Task ABatchesRequestsSeeEachOthersWrites_LikeSuccessiveTransactions()
    {
        // The second PUT of one order in the same batch finds the first's uncommitted order: 201 then 200, one order.
        await using var app = await TestApp.StartOnAsync("sqlite", settings: GroupCommit);
        var first = Json.Order(customer: "c1", lines: [Json.Line(1, "SKU-1", 1, 10m)]);
        var second = Json.Order(customer: "c1", lines: [Json.Line(1, "SKU-1", 3, 10m)]);
        var (responses, batches) = await InOneBatchAsync(app, "sqlite", [Put("/api/v1/orders/o1", first), Put("/api/v1/orders/o1", second)]);

        Assert.Equal(1, batches);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], responses.Select(r => r.StatusCode).Order());
        await using var db = app.Db();
        Assert.Equal(1, await db.Orders.CountAsync(Json.Ct));
        Assert.Equal(1, await db.OrderLines.CountAsync(Json.Ct));
    }

    [Fact]
    public async Task ARolledBackRequestInABatch_LeavesNoProductIdInMemory()
    {
        // SQLite hands a rolled-back row's id to the next insert: a remembered id of SKU-GONE would name SKU-OTHER.
        await using var app = await TestApp.StartOnAsync("sqlite", settings: GroupCommit);
        var batches = app.Services.GetRequiredService<SqliteWriteBatches>();
        var productIds = app.Services.GetRequiredService<ProductIds>();
        var rates = app.Services.GetRequiredService<CurrencyRates>();
        var now = DateTime.UtcNow;
        OrderInput Input(string sku) => new("c1", null, now, "PLN", OrderStatus.Paid, 0m, null, [new OrderLineInput(1, sku, null, 1, 10m, 0m)]);
        await using var scope = app.Services.CreateAsyncScope();
        Task<(int, bool)>[] steps;
        using (await app.Services.GetRequiredService<SqliteWriteGate>().EnterAsync(scope.ServiceProvider.GetRequiredService<RetainDbContext>(), Json.Ct))
        {
            steps =
            [
                batches.RunAsync(async db => { await OrderWrites.UpsertAsync(db, "gone", Input("SKU-GONE"), "api", now, rates, productIds, Json.Ct); return (1, false); }, Json.Ct),
                batches.RunAsync(async db =>
                {
                    db.Products.Add(new Product { Sku = "SKU-OTHER", Name = "Other", CreatedAt = now, UpdatedAt = now });
                    await db.SaveChangesAsync(Json.Ct);
                    return (2, true);
                }, Json.Ct),
                batches.RunAsync(async db => { await OrderWrites.UpsertAsync(db, "kept", Input("SKU-KEPT"), "api", now, rates, productIds, Json.Ct); return (3, true); }, Json.Ct),
            ];
        }
        await Task.WhenAll(steps);

        Assert.False(productIds.TryGet("SKU-GONE", out _));
        await using (var db = app.Db())
        {
            Assert.True(productIds.TryGet("SKU-KEPT", out var kept));
            Assert.Equal(await db.Products.Where(p => p.Sku == "SKU-KEPT").Select(p => p.Id).SingleAsync(Json.Ct), kept);
            Assert.False(await db.Orders.AnyAsync(o => o.ExternalId == "gone", Json.Ct));
        }
        await (await app.Client.PutJson("/api/v1/orders/again", Json.Order(lines: [Json.Line(1, "SKU-GONE", 1, 10m)]))).Expect(HttpStatusCode.Created);
        await using (var db = app.Db())
        {
            var order = await db.Orders.Where(o => o.ExternalId == "again").Select(o => o.Id).SingleAsync(Json.Ct);
            var line = await db.OrderLines.SingleAsync(l => l.OrderId == order, Json.Ct);
            Assert.Equal("SKU-GONE", await db.Products.Where(p => p.Id == line.ProductId).Select(p => p.Sku).SingleAsync(Json.Ct));
        }
    }
}
