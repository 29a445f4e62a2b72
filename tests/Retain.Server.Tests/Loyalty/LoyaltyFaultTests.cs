using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Loyalty;
using Retain.Server.Tests.Api;
using Retain.Testing;

namespace Retain.Server.Tests.Loyalty;

/// <summary>
/// The ledger under crashes: concurrent clients send thousands of random orders (earned by the loyalty job), refunds,
/// awards, redemptions and cancellations to a real <c>retain serve</c> process, re-sending a fifth of them (some at
/// the same moment as the original), while the process is killed with SIGKILL and restarted. A request that got no
/// answer is re-sent with the same key until it gets one, as a real client would. Afterwards every member's net
/// balance equals what the acknowledged commands add up to, computed here independently, and each command left
/// exactly one ledger transaction.
/// </summary>
public sealed class LoyaltyFaultTests
{
    private const int Customers = 12;
    private const int Workers = 8;
    private const int OperationsPerWorker = 250;
    private const int Award = 15;
    private static CancellationToken Ct => Json.Ct;

    private sealed class Model
    {
        public readonly ConcurrentDictionary<string, long> Net = new();
        public readonly ConcurrentQueue<(string Order, string Customer, int Units)> Orders = new();
        public readonly ConcurrentQueue<(string Key, string Customer, long Points)> Redemptions = new();
        public int Earns, Refunds, Awards, Redeems, Cancels, Retried;

        public void Add(string customer, long points) => Net.AddOrUpdate(customer, points, (_, v) => v + points);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task RandomCommands_WithRetriesAndSigkill_LeaveExactlyTheAcknowledgedBalances(string provider)
    {
        var directory = provider == "sqlite" ? Directory.CreateTempSubdirectory("retain-fault-").FullName : null;
        var database = directory is null ? await PostgresServer.CreateDatabaseAsync("loyaltyfault") : Path.Combine(directory, "retain.db");
        try
        {
            await using var server = await ServerProcess.StartAsync(database, new Dictionary<string, string?>
            {
                ["Retain:Api:RateLimit:Enabled"] = "false",
                ["Retain:Loyalty:Job:Interval"] = "00:00:01",
                // A killed server keeps the job's lease until it runs out; the restarted one takes over after that.
                ["Retain:Loyalty:Job:Lease"] = "00:00:05",
            }, Ct);
            using var client = server.CreateClient(await server.CreateApiKeyAsync("admin", Ct), maxConnections: 32);
            await Send(client, HttpMethod.Put, "api/v1/loyalty/programme", new
            {
                rules = new { pointsPerUnit = 1, pendingPeriod = "00:00:00", expiryPeriod = (string?)null, actionRewards = new Dictionary<string, long> { ["gift"] = Award } },
                effectiveFrom = "2020-01-01T00:00:00Z",
            }, null);
            for (var c = 1; c <= Customers; c++)
                await Send(client, HttpMethod.Put, $"api/v1/customers/c{c}", new { email = $"c{c}@example.com" }, $"customer-{c}");
            var model = new Model();

            var work = Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(client, model, w), Ct)));
            // Kill the server twice in mid-run, the hard way, and bring it back on the same database.
            for (var kill = 0; kill < 2 && !work.IsCompleted; kill++)
            {
                await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(8), Ct));
                if (work.IsCompleted)
                    break;
                server.Kill();
                await Task.Delay(500, Ct);
                await server.RestartAsync(Ct);
            }
            await work;

            // The job earns for the last orders and reverses the last refunds within a few passes.
            await using var app = await TestApp.StartAsync(database);
            var ledger = app.Services.GetRequiredService<LoyaltyLedger>();
            var expectedEarns = model.Earns;
            for (var wait = 0; wait < 120; wait++)
            {
                await using var db = app.Db();
                if (await db.LoyaltyTransactions.CountAsync(t => t.Kind == LoyaltyTransactionKind.Earn, Ct) == expectedEarns
                    && await db.LoyaltyTransactions.CountAsync(t => t.Kind == LoyaltyTransactionKind.Refund, Ct) == model.Refunds)
                    break;
                await Task.Delay(500, Ct);
            }
            server.Kill();

            await using (var db = app.Db())
            {
                var kinds = await db.LoyaltyTransactions.GroupBy(t => t.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
                Assert.Equal(model.Earns, kinds.GetValueOrDefault(LoyaltyTransactionKind.Earn));
                Assert.Equal(model.Refunds, kinds.GetValueOrDefault(LoyaltyTransactionKind.Refund));
                Assert.Equal(model.Awards, kinds.GetValueOrDefault(LoyaltyTransactionKind.Action));
                Assert.Equal(model.Redeems, kinds.GetValueOrDefault(LoyaltyTransactionKind.Redeem));
                Assert.Equal(model.Cancels, kinds.GetValueOrDefault(LoyaltyTransactionKind.CancelRedemption));
                var members = await db.LoyaltyMembers.Join(db.Customers, m => m.CustomerId, c => c.Id, (m, c) => new { c.ExternalId, Net = m.Available + m.Pending + m.Debt })
                    .ToDictionaryAsync(m => m.ExternalId, m => m.Net, Ct);
                foreach (var (customer, net) in model.Net)
                    Assert.True(members.GetValueOrDefault(customer) == net, $"{customer}: ledger {members.GetValueOrDefault(customer)}, acknowledged commands {net}");
            }
            Assert.True(model.Retried > OperationsPerWorker * Workers / 10, $"only {model.Retried} retries");
            var verification = await ledger.VerifyAsync(Ct);
            Assert.True(verification.IsConsistent, string.Join("\n", verification.Problems));
        }
        finally
        {
            if (directory is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task WorkerAsync(HttpClient client, Model model, int worker)
    {
        var random = new Random(1000 + worker);
        for (var i = 0; i < OperationsPerWorker; i++)
        {
            var customer = $"c{random.Next(Customers) + 1}";
            var key = $"w{worker}-{i}";
            var retry = random.NextDouble() < 0.2;
            var pick = random.Next(100);
            if (pick < 30)
            {
                var units = random.Next(1, 4);
                var order = new { customerExternalId = customer, placedAt = "2025-06-01T10:00:00Z", currency = "PLN", lines = new[]
                {
                    new { lineNo = 1, sku = "A", quantity = units, unitPrice = 10m, discount = 0m },
                    new { lineNo = 2, sku = "B", quantity = 1, unitPrice = 7m, discount = 0m },
                } };
                var (status, _) = await SendRetried(client, HttpMethod.Put, $"api/v1/orders/o-{key}", order, key, retry, model);
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"order: {status}");
                model.Add(customer, units * 10 + 7);
                Interlocked.Increment(ref model.Earns);
                model.Orders.Enqueue(($"o-{key}", customer, units));
            }
            else if (pick < 45 && model.Orders.TryDequeue(out var refunded))
            {
                var body = new { refundExternalId = $"r-{key}", refundedAt = "2025-06-02T10:00:00Z", lines = new[] { new { lineNo = 1, quantity = refunded.Units, amount = refunded.Units * 10m } } };
                var (status, _) = await SendRetried(client, HttpMethod.Post, $"api/v1/orders/{refunded.Order}/refunds", body, key, retry, model);
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"refund: {status}");
                model.Add(refunded.Customer, -refunded.Units * 10);
                Interlocked.Increment(ref model.Refunds);
            }
            else if (pick < 65)
            {
                var (status, _) = await SendRetried(client, HttpMethod.Post, $"api/v1/loyalty/members/{customer}/awards", new { action = "gift", occurredAt = "2025-06-01T00:00:00Z" }, key, retry, model);
                Assert.True(status == HttpStatusCode.OK, $"award: {status}");
                model.Add(customer, Award);
                Interlocked.Increment(ref model.Awards);
            }
            else if (pick < 88)
            {
                var points = random.Next(1, 40);
                var (status, json) = await SendRetried(client, HttpMethod.Post, $"api/v1/loyalty/members/{customer}/redemptions", new { points }, key, retry, model);
                if (status is HttpStatusCode.Conflict)
                    continue; // too few points: refused, nothing changed
                Assert.True(status == HttpStatusCode.OK, $"redeem: {status}");
                model.Add(customer, -points);
                Interlocked.Increment(ref model.Redeems);
                model.Redemptions.Enqueue((json.GetProperty("key").GetString()!, customer, points));
            }
            else if (model.Redemptions.TryDequeue(out var redemption))
            {
                var (status, _) = await SendRetried(client, HttpMethod.Post, "api/v1/loyalty/cancellations", new { redemptionKey = redemption.Key }, key, retry, model);
                Assert.True(status == HttpStatusCode.OK, $"cancel: {status}");
                model.Add(redemption.Customer, redemption.Points);
                Interlocked.Increment(ref model.Cancels);
            }
        }
    }

    /// <summary>Sends until answered; with <paramref name="retry"/> sends a duplicate (half the time at the same moment) and checks the answers agree.</summary>
    private static async Task<(HttpStatusCode, JsonElement)> SendRetried(HttpClient client, HttpMethod method, string url, object body, string key, bool retry, Model model)
    {
        if (!retry)
            return await Send(client, method, url, body, key);
        Interlocked.Increment(ref model.Retried);
        (HttpStatusCode Status, JsonElement Json) first, second;
        if (Random.Shared.Next(2) == 0)
        {
            var both = await Task.WhenAll(Send(client, method, url, body, key), Send(client, method, url, body, key));
            (first, second) = (both[0], both[1]);
        }
        else
        {
            first = await Send(client, method, url, body, key);
            second = await Send(client, method, url, body, key);
        }
        // A refusal writes nothing and leaves the key free, so a duplicate may succeed where the original was refused
        // (another client's points arrived in between); the command then counts once. Two successes are one command.
        if (Succeeded(first.Status) && Succeeded(second.Status) && first.Json.ValueKind == JsonValueKind.Object && first.Json.TryGetProperty("transactionId", out var id))
            Assert.Equal(id.GetInt64(), second.Json.GetProperty("transactionId").GetInt64());
        return Succeeded(first.Status) || !Succeeded(second.Status) ? first : second;
    }

    private static bool Succeeded(HttpStatusCode status) => (int)status is >= 200 and < 300;

    /// <summary>One request, re-sent with the same key while the server is down or answers 5xx.</summary>
    private static async Task<(HttpStatusCode, JsonElement)> Send(HttpClient client, HttpMethod method, string url, object body, string? key)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
            if (key is not null)
                request.Headers.Add("Idempotency-Key", key);
            try
            {
                using var response = await client.SendAsync(request, Ct);
                var text = await response.Content.ReadAsStringAsync(Ct);
                if ((int)response.StatusCode < 500)
                    return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !Ct.IsCancellationRequested)
            {
                // The server is down (killed): the outcome is unknown, so the same request goes again.
            }
            Assert.True(attempt < 600, $"{url} never answered");
            await Task.Delay(200, Ct);
        }
    }
}
