using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Retain.Core.Customers;
using Retain.Core.Orders;
using Retain.Core.Storage;
using Retain.Core.Tests.Storage;

namespace Retain.Core.Tests.Customers;

/// <summary>A customer read runs its queries on one connection, and on PostgreSQL the repeated ones are prepared by the server.</summary>
public sealed class CustomerReadsTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Get_RunsAllItsQueriesOnOneConnection(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            foreach (var (id, day) in new[] { ("o1", 1), ("o2", 9) })
            {
                var input = new OrderInput("c1", "c1@example.com", new DateTime(2025, 3, day, 9, 0, 0, DateTimeKind.Utc), "PLN", OrderStatus.Paid, 0m, "PL",
                    [new OrderLineInput(1, "SKU-A", "A", 2, 10m, 0m)]);
                await OrderWrites.UpsertAsync(db, id, input, "test", DateTime.UtcNow, Ct);
            }
        }

        var opens = new OpenCounter();
        var options = new DbContextOptionsBuilder<RetainDbContext>(database.Options).AddInterceptors(opens).Options;
        await using (var db = new RetainDbContext(options))
        {
            var detail = await CustomerReads.GetAsync(db, "c1", Ct);
            Assert.NotNull(detail);
            Assert.Equal(2, detail.Metrics.Orders);
            Assert.Equal(40m, detail.Metrics.Revenue);
            Assert.Equal(["o2", "o1"], detail.Timeline.Select(t => t.ExternalId));
            Assert.Equal(1, opens.Count);
            Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);

            // Inside a caller's transaction the read uses the open connection and leaves it open.
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            Assert.NotNull(await CustomerReads.GetAsync(db, "c1", Ct));
            Assert.Equal(2, opens.Count);
            Assert.Equal(System.Data.ConnectionState.Open, db.Database.GetDbConnection().State);
            Assert.Null(await CustomerReads.GetAsync(db, "nobody", Ct));
            Assert.Equal(System.Data.ConnectionState.Open, db.Database.GetDbConnection().State);
        }
    }

    [Fact]
    public async Task Postgres_RepeatedQueriesArePreparedOnTheServer()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync(Ct);
        for (var i = 0; i < 6; i++)
            Assert.Null(await CustomerReads.GetAsync(db, $"missing-{i}", Ct));
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = """SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM "Customers"%'""";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public void WithAutoPrepare_AddsTheDefault_AndKeepsAnExplicitSetting()
    {
        const string plain = "Host=127.0.0.1;Port=5432;Username=u;Password=secret;Database=d";
        var prepared = new Npgsql.NpgsqlConnectionStringBuilder(RetainDbContextSetup.WithAutoPrepare(plain));
        Assert.Equal(RetainDbContextSetup.DefaultMaxAutoPrepare, prepared.MaxAutoPrepare);
        Assert.Equal("secret", prepared.Password);
        Assert.Equal("d", prepared.Database);
        Assert.Equal(plain + ";Max Auto Prepare=0", RetainDbContextSetup.WithAutoPrepare(plain + ";Max Auto Prepare=0"));
        Assert.Equal(plain + ";MaxAutoPrepare=7", RetainDbContextSetup.WithAutoPrepare(plain + ";MaxAutoPrepare=7"));
    }

    private sealed class OpenCounter : DbConnectionInterceptor
    {
        private int _count;

        public int Count => _count;

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Interlocked.Increment(ref _count);
    }
}
