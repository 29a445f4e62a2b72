using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Retain.Core.Loyalty;
using Retain.Core.Orders;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>The order and refund feeds: real Orders/Refunds rows in, ledger commands out, idempotent across passes.</summary>
public sealed class OrderFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = LoyaltyTestContext.Start;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Feed_EarnsForOrders_ReversesRefundedLines_AndASecondPassChangesNothing(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 2);
        await t.Programme.PublishAsync(new LoyaltyRules
        {
            PointsPerUnit = 1m, CategoryMultipliers = new Dictionary<string, decimal> { ["shoes"] = 2m },
        }, T0, Ct);
        var (c1, c2) = (t.Customers[0], t.Customers[1]);
        await using (var db = t.Database.NewContext())
        {
            var shoes = new Category { ExternalId = "shoes", Name = "Shoes" };
            db.Categories.Add(shoes);
            await db.SaveChangesAsync(Ct);
            var boot = new Product { Sku = "BOOT", Name = "Boot", CategoryId = shoes.Id };
            db.Products.Add(boot);
            await db.SaveChangesAsync(Ct);
            db.Orders.AddRange(
                Order("o1", c1, T0.AddDays(1), OrderStatus.Paid, 1m, Line(1, "BOOT", 2, 30m, productId: boot.Id), Line(2, "SOCK", 3, 5m, discount: 1m)),
                Order("o-before", c1, T0.AddDays(-1), OrderStatus.Paid, 1m, Line(1, "SOCK", 1, 5m)),
                Order("o-guest", null, T0.AddDays(2), OrderStatus.Paid, 1m, Line(1, "SOCK", 1, 5m)),
                Order("o-cancelled", c2, T0.AddDays(2), OrderStatus.Cancelled, 1m, Line(1, "SOCK", 1, 5m)),
                Order("o2", c2, T0.AddDays(3), OrderStatus.Placed, 4m, Line(1, "SOCK", 1, 5m)));
            await db.SaveChangesAsync(Ct);
        }
        var feed = new LoyaltyOrderFeed(t.Database.Factory, t.Ledger, NullLogger<LoyaltyOrderFeed>.Instance);

        // Chunks of two: three passes read the five orders.
        var passes = new List<FeedProgress>();
        await feed.WaitForCommittedAsync(Ct);
        for (var p = await feed.EarnNextAsync(2, Ct); p.Read > 0; p = await feed.EarnNextAsync(2, Ct))
            passes.Add(p);

        passes.Select(p => p.Read).Should().Equal(2, 2, 1);
        passes.Sum(p => p.Applied).Should().Be(2);
        // o1: boots 2×30 at 2× = 120, socks 3×5−1 = 14 → 134. o2: 5 × rate 4 = 20 (base currency).
        (await t.Ledger.BalanceAsync(c1, Ct)).Pending.Should().Be(134);
        (await t.Ledger.BalanceAsync(c2, Ct)).Pending.Should().Be(20);

        await using (var db = t.Database.NewContext())
        {
            var o1 = await db.Orders.SingleAsync(o => o.ExternalId == "o1", Ct);
            db.Refunds.AddRange(
                Refund("r1", o1.Id, (2, 1), (1, 1)),
                Refund("r-unlinked", null),
                Refund("r-too-many", o1.Id, (2, 5)));
            await db.SaveChangesAsync(Ct);
        }
        await feed.WaitForCommittedAsync(Ct);
        var refunds = await feed.RefundNextAsync(10, Ct);

        refunds.Should().Be(new FeedProgress(LoyaltyOrderFeed.Refunds, 3, 1, 2, refunds.Watermark));
        // One boot (60 of 120) and one sock (⌊14·1/3⌋ = 4) come back.
        (await t.Ledger.BalanceAsync(c1, Ct)).Pending.Should().Be(134 - 60 - 4);

        // Nothing new: both feeds read nothing; even after a lost watermark a pass changes nothing.
        (await feed.EarnNextAsync(10, Ct)).Read.Should().Be(0);
        (await feed.RefundNextAsync(10, Ct)).Read.Should().Be(0);
        int transactions;
        await using (var db = t.Database.NewContext())
        {
            transactions = await db.LoyaltyTransactions.CountAsync(Ct);
            await db.LoyaltySyncStates.ExecuteDeleteAsync(Ct);
        }
        await feed.EarnNextAsync(10, Ct);
        await feed.RefundNextAsync(10, Ct);
        await using (var db = t.Database.NewContext())
            (await db.LoyaltyTransactions.CountAsync(Ct)).Should().Be(transactions);
        (await t.Ledger.BalanceAsync(c1, Ct)).Pending.Should().Be(70);
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Feed_WaitsForAProgramme_AndNeverPassesAnOrderStillBeingCommitted(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 1);
        var feed = new LoyaltyOrderFeed(t.Database.Factory, t.Ledger, NullLogger<LoyaltyOrderFeed>.Instance);
        await using (var db = t.Database.NewContext())
        {
            db.Orders.Add(Order("early", t.Customers[0], T0.AddDays(1), OrderStatus.Paid, 1m, Line(1, "A", 1, 10m)));
            await db.SaveChangesAsync(Ct);
        }
        (await feed.EarnNextAsync(10, Ct)).Read.Should().Be(0, "there is no programme yet, so the orders wait");
        await t.Programme.PublishAsync(new LoyaltyRules(), T0, Ct);
        await feed.WaitForCommittedAsync(Ct);
        (await feed.EarnNextAsync(10, Ct)).Applied.Should().Be(1);

        // A slow transaction takes an id and has not committed yet.
        await using var slowDb = t.Database.NewContext();
        await using var slow = await slowDb.Database.BeginTransactionAsync(Ct);
        slowDb.Orders.Add(Order("slow", t.Customers[0], T0.AddDays(2), OrderStatus.Paid, 1m, Line(1, "A", 1, 10m)));
        await slowDb.SaveChangesAsync(Ct);
        if (provider == DatabaseProvider.Postgres)
        {
            // PostgreSQL lets a later transaction commit a higher id first: the feed must not move past the slow one.
            await using var fastDb = t.Database.NewContext();
            fastDb.Orders.Add(Order("fast", t.Customers[0], T0.AddDays(3), OrderStatus.Paid, 1m, Line(1, "A", 1, 10m)));
            await fastDb.SaveChangesAsync(Ct);
            (await fastDb.Orders.MaxAsync(o => o.Id, Ct)).Should().BeGreaterThan(slowDb.Orders.Local.Single().Id);
        }
        (await feed.EarnNextAsync(10, Ct)).Read.Should().Be(0, "an order committed after the feed passed it would never earn");
        await slow.CommitAsync(Ct);
        if (provider == DatabaseProvider.Sqlite)
        {
            await using var fastDb = t.Database.NewContext();
            fastDb.Orders.Add(Order("fast", t.Customers[0], T0.AddDays(3), OrderStatus.Paid, 1m, Line(1, "A", 1, 10m)));
            await fastDb.SaveChangesAsync(Ct);
        }

        // Other tests share the PostgreSQL server, and a transaction of theirs still open holds the feed back too.
        await feed.WaitForCommittedAsync(Ct);
        (await feed.EarnNextAsync(10, Ct)).Applied.Should().Be(2);
        (await t.Ledger.BalanceAsync(t.Customers[0], Ct)).Pending.Should().Be(30);
    }

    private static Order Order(string id, long? customer, DateTime placed, OrderStatus status, decimal rate, params OrderLine[] lines) => new()
    {
        ExternalId = id, CustomerId = customer, PlacedAt = placed, Status = status, Currency = "PLN", ExchangeRate = rate,
        CreatedAt = placed, UpdatedAt = placed, Lines = [.. lines],
    };

    private static OrderLine Line(int no, string sku, int quantity, decimal price, decimal discount = 0m, long? productId = null) =>
        new() { LineNo = no, Sku = sku, Quantity = quantity, UnitPrice = price, Discount = discount, ProductId = productId };

    private static Refund Refund(string id, long? orderId, params (int Line, int Quantity)[] lines) => new()
    {
        ExternalId = id, OrderId = orderId, Currency = "PLN", RefundedAt = T0.AddDays(5), CreatedAt = T0.AddDays(5),
        Lines = [.. lines.Select((l, i) => new RefundLine { LineNo = i + 1, OrderId = orderId, OrderLineNo = l.Line, Sku = "X", Quantity = l.Quantity })],
    };
}
