using System.Collections.Concurrent;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>
/// Many workers issue commands for the same few customers at once, some with the same idempotency key at the same
/// moment (a shared pool of commands, and twins fired together). Afterwards each key has at most one transaction and
/// every balance equals what the acknowledged results say, computed here independently of the ledger.
/// </summary>
public sealed class LedgerConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 120)]
    [InlineData(DatabaseProvider.Postgres, 120)]
    public async Task ParallelCommands_WithSharedKeys_NeverDuplicate_AndBalancesMatchTheAcknowledgedResults(DatabaseProvider provider, int opsPerWorker)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 3);
        await t.Programme.PublishAsync(new LoyaltyRules
        {
            PointsPerUnit = 1m, PendingPeriod = TimeSpan.FromDays(100), ExpiryPeriod = null,
            ActionRewards = new Dictionary<string, long> { [LoyaltyActions.Review] = 10, [LoyaltyActions.SignUp] = 7 },
        }, LoyaltyTestContext.Start, Ct);
        var customers = t.Customers;
        var pool = Enumerable.Range(0, 60).Select(i => new AwardForAction($"pool-{i}", customers[i % 3], i % 2 == 0 ? LoyaltyActions.Review : LoyaltyActions.SignUp, LoyaltyTestContext.Start)).ToArray();
        var acknowledged = new ConcurrentDictionary<string, object>();
        var orderOwner = new ConcurrentDictionary<string, long>();
        var refundOwner = new ConcurrentDictionary<string, long>();
        var redemptions = new ConcurrentBag<string>();
        var orders = new ConcurrentBag<string>();
        var twins = 0;

        async Task Acknowledge<T>(string key, Func<Task<T>> command, int copies) where T : notnull
        {
            var attempts = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => Task.Run(async () =>
            {
                try
                {
                    return (object)await command();
                }
                catch (InsufficientPointsException) { return null; }
                catch (LoyaltyStateException) { return null; }
            })));
            foreach (var result in attempts.OfType<T>())
                acknowledged.GetOrAdd(key, result).Should().BeEquivalentTo(result, "every success of key {0} returns the same result", key);
            if (copies > 1)
                Interlocked.Increment(ref twins);
        }

        async Task Worker(int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < opsPerWorker; i++)
            {
                var customer = customers[random.Next(customers.Count)];
                var copies = random.Next(5) == 0 ? random.Next(2, 4) : 1;
                var key = $"w{seed}-{i}";
                switch (random.Next(10))
                {
                    case 0 or 1:
                        var shared = pool[random.Next(pool.Length)];
                        await Acknowledge(shared.Key, () => t.Ledger.AwardForActionAsync(shared, Ct), copies);
                        break;
                    case 2 or 3:
                        var earn = new EarnForOrder(key, customer, LoyaltyTestContext.Start, [new EarnLine("1", 3, random.Next(1, 100)), new EarnLine("2", 1, 5m)]);
                        orderOwner[earn.Key] = customer;
                        await Acknowledge(earn.Key, () => t.Ledger.EarnAsync(earn, Ct), copies);
                        orders.Add(earn.OrderRef);
                        break;
                    case 4 when !orders.IsEmpty:
                        var order = orders.ElementAt(random.Next(orders.Count));
                        var refund = new RefundOrder(key, order, [new RefundQuantity("1", 1)]);
                        refundOwner[key] = orderOwner["earn:" + order];
                        await Acknowledge(key, () => t.Ledger.RefundAsync(refund, Ct), copies);
                        break;
                    case 5 or 6 or 7:
                        var redeem = new RedeemPoints(key, customer, random.Next(1, 15));
                        await Acknowledge(key, () => t.Ledger.RedeemAsync(redeem, Ct), copies);
                        if (acknowledged.ContainsKey(key))
                            redemptions.Add(key);
                        break;
                    default:
                        if (redemptions.IsEmpty)
                            break;
                        var cancel = new CancelRedemption(key, redemptions.ElementAt(random.Next(redemptions.Count)));
                        await Acknowledge(key, () => t.Ledger.CancelRedemptionAsync(cancel, Ct), copies);
                        break;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(1, 8).Select(seed => Task.Run(() => Worker(seed), Ct)));

        var available = customers.ToDictionary(c => c, _ => 0L);
        var pending = customers.ToDictionary(c => c, _ => 0L);
        foreach (var (key, result) in acknowledged)
        {
            switch (result)
            {
                case EarnResult e: pending[orderOwner[key]] += e.Points; break;
                case RefundResult r: pending[refundOwner[key]] -= r.Reversed; break;
                case PointsResult p when key.StartsWith("pool-", StringComparison.Ordinal): available[p.CustomerId] += p.Points; break;
                case PointsResult p when redemptions.Contains(key): available[p.CustomerId] -= p.Points; break;
                case PointsResult p: available[p.CustomerId] += p.Points; break;
            }
        }
        foreach (var c in customers)
            (await t.Ledger.BalanceAsync(c, Ct)).Should().Be(new LoyaltyBalance(c, available[c], pending[c], 0));
        await using var db = t.Database.NewContext();
        (await db.LoyaltyTransactions.CountAsync(Ct)).Should().Be(acknowledged.Count, "one transaction per acknowledged key");
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
        twins.Should().BeGreaterThan(20);
        acknowledged.Values.OfType<RefundResult>().Should().NotBeEmpty();
        acknowledged.Keys.Count(k => k.StartsWith("pool-", StringComparison.Ordinal)).Should().BeGreaterThan(30);
    }
}
