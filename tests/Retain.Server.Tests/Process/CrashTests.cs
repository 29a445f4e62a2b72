using System.Net;
using Retain.Server.Tests.Api;
using Retain.Testing;

namespace Retain.Server.Tests.Process;

/// <summary>
/// SIGKILL in the middle of a load run: every write the server acknowledged is there after a restart, exactly once,
/// and no order is half-written. SQLite runs as in production (WAL, synchronous=NORMAL: a commit is in the WAL file
/// before it is acknowledged, so a killed process loses nothing; only an OS crash or power loss can roll back the
/// last commits). PostgreSQL here is the test server (fsync off), which is irrelevant to this test because only the
/// Retain process dies, not PostgreSQL.
/// </summary>
public sealed class CrashTests
{
    private const int Clients = 6;
    private const int AcknowledgedBeforeKill = 150;

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task SigkillMidLoad_LosesNoAcknowledgedWrite_AndLeavesNoHalfOrder(string provider)
    {
        var ct = Json.Ct;
        var directory = Directory.CreateTempSubdirectory("retain-crash-").FullName;
        var database = provider == "postgres" ? await PostgresServer.CreateDatabaseAsync("crash") : Path.Combine(directory, "retain.db");
        try
        {
            await using var server = await ServerProcess.StartAsync(database, new Dictionary<string, string?> { ["Retain:Api:RateLimit:Enabled"] = "false" }, ct);
            var token = await server.CreateApiKeyAsync(cancellationToken: ct);
            var load = new IngestLoad();
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            using var client = server.CreateClient(token, Clients);
            var clients = Enumerable.Range(0, Clients).Select(i => Task.Run(() => load.RunClientAsync(client, $"k{i}-", int.MaxValue, stop.Token), ct)).ToArray();

            while (load.Acknowledged < AcknowledgedBeforeKill && !clients.All(c => c.IsCompleted))
                await Task.Delay(5, ct);
            var inFlightAtKill = load.InFlight;
            server.Kill();
            await Task.WhenAll(clients);
            Assert.Empty(load.Unexpected);
            Assert.True(inFlightAtKill > 0, "the kill should land while requests are in flight");
            Assert.True(load.Acknowledged >= AcknowledgedBeforeKill, $"the clients stopped early: {load}");

            await server.RestartAsync(ct);
            var stored = await StoredShop.ReadAsync(database, ct);
            var orders = stored.Orders.ToLookup(o => o.ExternalId);
            foreach (var (id, revenue) in load.AckedOrders)
            {
                var copies = orders[id].ToList();
                Assert.True(copies.Count == 1, $"order {id} was acknowledged but is stored {copies.Count} times");
                Assert.Equal(5, copies[0].Lines);
                Assert.Equal(revenue, copies[0].LineTotal);
                Assert.Equal(revenue, copies[0].Revenue);
            }
            // Orders that were in flight at the kill may or may not be there, but only whole.
            Assert.All(stored.Orders, o => Assert.Equal(5, o.Lines));
            Assert.All(stored.Orders, o => Assert.Contains(o.ExternalId, load.SentOrders));
            var customers = stored.Customers.ToLookup(c => c.ExternalId);
            foreach (var (id, email) in load.AckedCustomers)
            {
                Assert.True(customers[id].Count() == 1, $"customer {id} was acknowledged but is stored {customers[id].Count()} times");
                Assert.Equal(email, customers[id].Single().Email);
            }

            // And the restarted server goes on serving the same data.
            using var after = server.CreateClient(token);
            var someOrder = load.AckedOrders.Keys.First();
            await (await after.GetAsync($"/api/v1/orders/{someOrder}", ct)).Expect(HttpStatusCode.OK);
            await (await after.PutJson("/api/v1/orders/after-restart", Json.Order())).Expect(HttpStatusCode.Created);
        }
        finally
        {
            if (provider == "postgres")
                await PostgresServer.DropDatabaseAsync(database);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
