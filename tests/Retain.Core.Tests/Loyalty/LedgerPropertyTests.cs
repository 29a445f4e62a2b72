using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>
/// Seeded random sequences of commands (earn, partial refunds, redeem, cancel, actions, adjustments, rule changes and
/// deletions, release, expiry, retries with the same key) run through the ledger and through <see cref="LedgerModel"/>;
/// every result must agree, and at checkpoints every balance, every lot and the ledger's own verification.
/// </summary>
public sealed class LedgerPropertyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, DebtPolicy.RecordDebt, 1, 1500)]
    [InlineData(DatabaseProvider.Sqlite, DebtPolicy.Forgive, 2, 1500)]
    [InlineData(DatabaseProvider.Sqlite, DebtPolicy.RecordDebt, 3, 1500)]
    [InlineData(DatabaseProvider.Postgres, DebtPolicy.RecordDebt, 4, 800)]
    [InlineData(DatabaseProvider.Postgres, DebtPolicy.Forgive, 5, 800)]
    public async Task RandomCommands_AgreeWithTheModel_AndKeepEveryInvariant(DatabaseProvider provider, DebtPolicy policy, int seed, int steps)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 4, policy: policy);
        var run = new PropertyRun(t, new LedgerModel(policy), new Random(seed));

        for (var step = 0; step < steps; step++)
        {
            await run.StepAsync();
            if (step % 250 == 249)
                await run.CheckAsync();
        }
        await run.RefundEverythingAsync();
        await run.CheckAsync();

        // The sequence exercised what it claims to: each kind of command succeeded, each kind of refusal happened.
        run.Counts.Keys.Should().Contain(["earn", "refund", "redeem", "cancel", "action", "adjust", "release", "expire", "replay", "conflict",
            "insufficient", "too many units", "publish", "delete", "debt or forgiven"]);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task FullRefund_InAnySplit_AfterAnyRuleChanges_ReversesExactlyTheAward(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 1);
        var random = new Random(42);
        var c = t.Customers[0];
        var awarded = new Dictionary<string, EarnResult>();
        for (var i = 0; i < 30; i++)
        {
            var rules = PropertyRun.RandomRules(random);
            if (random.Next(4) == 0)
                await t.Programme.DeleteAsync(t.Clock.Now, Ct);
            else
                await t.Programme.PublishAsync(rules, t.Clock.Now, Ct);
            var order = PropertyRun.RandomOrder(random, $"o{i}", c, t.Clock.Now);
            awarded[order.OrderRef] = await t.Ledger.EarnAsync(order, Ct);
            t.Clock.Now = t.Clock.Now.AddHours(random.Next(1, 48));
        }
        var reversed = awarded.Keys.ToDictionary(k => k, _ => 0L);
        await using (var db = t.Database.NewContext())
        {
            var units = await db.LoyaltyAwardLines.Join(db.LoyaltyOrderAwards, l => l.AwardId, a => a.Id, (l, a) => new { a.OrderRef, l.LineRef, l.Quantity }).ToListAsync(Ct);
            var refund = 0;
            foreach (var line in units.OrderBy(_ => random.Next()))
            {
                for (var left = line.Quantity; left > 0;)
                {
                    var q = random.Next(1, left + 1);
                    left -= q;
                    var r = await t.Ledger.RefundAsync(new RefundOrder($"r{refund++}", line.OrderRef, [new RefundQuantity(line.LineRef, q)]), Ct);
                    reversed[line.OrderRef] += r.Reversed;
                }
            }
        }

        awarded.Values.Sum(a => a.Points).Should().BeGreaterThan(0);
        foreach (var (order, earned) in awarded)
            reversed[order].Should().Be(earned.Points, order);
        (await t.Ledger.BalanceAsync(c, Ct)).Should().Be(new LoyaltyBalance(c, 0, 0, 0));
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }
}
