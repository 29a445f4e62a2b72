using Microsoft.Data.Sqlite;
using Retain.Server.Cli;

namespace Retain.Server.Tests;

/// <summary>The README's first command, end to end on a small shop (without serving).</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("retain-demo-").FullName;

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "demo.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Demo_CreatesTheShopOnce_AndARerunChangesNothing()
    {
        string[] args = ["demo", "--no-serve", "--customers", "400", "--end-date", "2025-06-30", "--data-dir", _dir];
        Assert.Equal(0, await RetainCli.RunAsync(args));
        var customers = Count("Customers");
        var orders = Count("Orders");
        // The loyalty demo's referrals bring friends who join through them: every customer beyond the 400 generated is one.
        Assert.True(Count("LoyaltyReferrals") > 0);
        Assert.Equal(400, customers - Count("LoyaltyReferrals"));
        Assert.True(orders > 400, $"{orders} orders");
        Assert.True(Count("Refunds") > 0);
        Assert.True(Count("Consents") >= 3 * 400);
        Assert.True(Count("Events") > 0);

        Assert.Equal(0, await RetainCli.RunAsync(args));
        Assert.Equal(customers, Count("Customers"));
        Assert.Equal(orders, Count("Orders"));
    }

    [Fact]
    public async Task Demo_WithAnImpossibleSize_FailsWithoutCreatingAnything()
    {
        Assert.NotEqual(0, await RetainCli.RunAsync(["demo", "--no-serve", "--customers", "0", "--data-dir", _dir]));
        Assert.False(File.Exists(Path.Combine(_dir, "demo.db")));
    }

    [Fact]
    public async Task Demo_PurchaseRate_ScalesOrdersPerCustomer()
    {
        Assert.Equal(0, await RetainCli.RunAsync(["demo", "--no-serve", "--customers", "300", "--end-date", "2025-06-30", "--purchase-rate", "4", "--data-dir", _dir]));
        // About 1.8 orders per customer at rate 1; four times the rate gives several times the orders.
        Assert.True(Count("Orders") > 3 * 300, $"{Count("Orders")} orders for 300 customers");
    }

    [Fact]
    public async Task DemoKey_EachRunPrintsAWorkingReadKey_AndRevokesTheLastOne()
    {
        await using var app = await TestApp.StartAsync();
        var first = await DemoCommand.DemoKeyAsync(app.Services, TestContext.Current.CancellationToken);
        var second = await DemoCommand.DemoKeyAsync(app.Services, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await app.ClientWith(first).GetAsync("/api/v1/measure/kpis", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.ClientWith(second).GetAsync("/api/v1/measure/kpis", TestContext.Current.CancellationToken)).StatusCode);
        using var write = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await app.ClientWith(second).PutAsync("/api/v1/customers/c1", write, TestContext.Current.CancellationToken)).StatusCode);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
