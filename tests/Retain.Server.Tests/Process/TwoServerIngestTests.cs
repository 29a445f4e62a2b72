using System.Net;
using System.Text.Json;
using Retain.Server.Tests.Api;
using Retain.Testing;

namespace Retain.Server.Tests.Process;

/// <summary>
/// Two <c>retain serve</c> processes on one PostgreSQL database, fed the same customers and orders at the same time,
/// every request sent twice: the database ends with exactly one copy of everything and the right totals.
/// </summary>
public sealed class TwoServerIngestTests
{
    private const int WritesPerClient = 150;
    private const int ClientsPerServer = 2;

    [Fact]
    public async Task TwoServersIngestingOverlappingWrites_StoreEverythingOnce()
    {
        var ct = Json.Ct;
        var database = await PostgresServer.CreateDatabaseAsync("twoserver");
        try
        {
            var settings = new Dictionary<string, string?> { ["Retain:Api:RateLimit:Enabled"] = "false" };
            await using var first = await ServerProcess.StartAsync(database, settings, ct);
            await using var second = await ServerProcess.StartAsync(database, settings, ct);
            Assert.NotEqual(first.Port, second.Port);
            var token = await first.CreateApiKeyAsync(cancellationToken: ct);
            using var a = first.CreateClient(token, ClientsPerServer);
            using var b = second.CreateClient(token, ClientsPerServer);
            var load = new IngestLoad();
            // Every client writes the same ids ("s-o-1", "s-c-0", …): four writers per entity, each sending it twice.
            await Task.WhenAll(Enumerable.Range(0, ClientsPerServer * 2).Select(i =>
                Task.Run(() => load.RunClientAsync(i % 2 == 0 ? a : b, "s-", WritesPerClient, ct, sendTwice: true), ct)));
            Assert.Empty(load.Unexpected);

            var expectedOrders = Enumerable.Range(0, WritesPerClient).Where(n => n % 3 != 0).Select(n => $"s-o-{n}").ToHashSet();
            var expectedCustomers = Enumerable.Range(0, WritesPerClient).Where(n => n % 3 == 0).Select(n => $"s-c-{n}")
                .Concat(expectedOrders.Select(o => $"s-c-{int.Parse(o[4..], System.Globalization.CultureInfo.InvariantCulture) / 3}")).ToHashSet();
            Assert.Equal(expectedOrders, load.AckedOrders.Keys.ToHashSet());

            var stored = await StoredShop.ReadAsync(database, ct);
            Assert.Equal(expectedOrders.Count, stored.Orders.Count);
            Assert.Equal(expectedOrders, stored.Orders.Select(o => o.ExternalId).ToHashSet());
            Assert.All(stored.Orders, o => Assert.Equal(5, o.Lines));
            Assert.Equal(load.AckedOrders.Values.Sum(), stored.Orders.Sum(o => o.Revenue));
            Assert.Equal(expectedCustomers.Count, stored.Customers.Count);
            Assert.Equal(expectedCustomers, stored.Customers.Select(c => c.ExternalId).ToHashSet());

            // Per-customer totals as the API reports them, read through the other server.
            foreach (var customer in new[] { "s-c-1", "s-c-3", "s-c-40" })
            {
                var ordersOf = expectedOrders.Where(o => int.Parse(o[4..], System.Globalization.CultureInfo.InvariantCulture) / 3 == int.Parse(customer[4..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                var detail = await (await b.GetAsync($"/api/v1/customers/{customer}", ct)).Expect(HttpStatusCode.OK);
                var metrics = detail.GetProperty("metrics");
                Assert.Equal(ordersOf.Count, metrics.GetProperty("orders").GetInt32());
                Assert.Equal(ordersOf.Sum(o => load.AckedOrders[o]), metrics.GetProperty("grossRevenue").GetDecimal());
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }
}
