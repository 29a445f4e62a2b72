using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;

namespace Retain.Core.Tests.Loyalty;

/// <summary>One random walk of <see cref="LedgerPropertyTests"/>: picks a command, runs it on the ledger and the model, compares.</summary>
internal sealed class PropertyRun(LoyaltyTestContext t, LedgerModel model, Random random)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string[] Skus = ["MUG", "TEA", "GOLD", "BAG"];
    private static readonly string[] Categories = ["mugs", "tea", "sale"];
    private static readonly string[] Actions = [LoyaltyActions.Review, LoyaltyActions.SignUp, "custom_quiz"];

    private readonly List<(string Key, Func<Task<object>> Command, object Result)> _done = [];
    private readonly List<(string Key, long Customer)> _redemptions = [];
    private int _next;

    public Dictionary<string, int> Counts { get; } = [];

    public static LoyaltyRules RandomRules(Random r) => new()
    {
        PointsPerUnit = r.Next(1, 40) / 10m,
        CategoryMultipliers = Categories.Where(_ => r.Next(2) == 0).ToDictionary(c => c, _ => r.Next(0, 31) / 10m),
        ProductMultipliers = Skus.Where(_ => r.Next(3) == 0).ToDictionary(s => s, _ => r.Next(0, 51) / 10m),
        MinimumOrder = r.Next(3) == 0 ? r.Next(10, 100) : 0m,
        PerOrderCap = r.Next(3) == 0 ? r.Next(1, 300) : null,
        PendingPeriod = TimeSpan.FromHours(r.Next(0, 24 * 10)),
        ExpiryPeriod = r.Next(5) == 0 ? null : TimeSpan.FromHours(r.Next(24, 24 * 40)),
        ActionRewards = Actions.Where(_ => r.Next(3) > 0).ToDictionary(a => a, _ => (long)r.Next(1, 200)),
    };

    public static EarnForOrder RandomOrder(Random r, string orderRef, long customer, DateTime now) => new(orderRef, customer,
        now.AddHours(-r.Next(0, 48)),
        [.. Enumerable.Range(1, r.Next(1, 5)).Select(i => new EarnLine(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.Next(1, 6), r.Next(-100, 20000) / 100m, r.Next(2) == 0 ? Skus[r.Next(Skus.Length)] : null,
            r.Next(2) == 0 ? Categories[r.Next(Categories.Length)] : null))]);

    public async Task StepAsync()
    {
        var now = t.Clock.Now = t.Clock.Now.AddMinutes(random.Next(0, 60 * 20));
        var customer = t.Customers[random.Next(t.Customers.Count)];
        var roll = random.Next(100);
        switch (roll)
        {
            case < 3:
                var rules = RandomRules(random);
                var from = now.AddHours(-random.Next(0, 72));
                await t.Programme.PublishAsync(rules, from, Ct);
                model.Publish(rules, from);
                Count("publish");
                break;
            case < 4:
                await t.Programme.DeleteAsync(now, Ct);
                model.Publish(null, now);
                Count("delete");
                break;
            case < 30:
                var order = RandomOrder(random, $"o{_next++}", customer, now);
                await RunAsync("earn", order.Key, () => t.Ledger.EarnAsync(order, Ct), () => model.Earn(order));
                break;
            case < 45 when model.Awards.Count > 0:
                await RefundAsync(model.Awards[random.Next(model.Awards.Count)], now);
                break;
            case < 57:
                var redeem = new RedeemPoints($"x{_next++}", customer, random.Next(1, 400));
                if (await RunAsync("redeem", redeem.Key, () => t.Ledger.RedeemAsync(redeem, Ct), () => model.Redeem(redeem, now)))
                    _redemptions.Add((redeem.Key, customer));
                break;
            case < 62 when _redemptions.Count > 0:
                var (key, owner) = _redemptions[random.Next(_redemptions.Count)];
                var cancel = new CancelRedemption($"k{_next++}", key);
                await RunAsync("cancel", cancel.Key, () => t.Ledger.CancelRedemptionAsync(cancel, Ct), () => model.Cancel(cancel, owner, now));
                break;
            case < 70:
                var action = new AwardForAction($"a{_next++}", customer, Actions[random.Next(Actions.Length)], now);
                await RunAsync("action", action.Key, () => t.Ledger.AwardForActionAsync(action, Ct), () => model.Action(action));
                break;
            case < 74:
                var adjust = new AdjustPoints($"j{_next++}", customer, random.Next(-100, 100) is var p && p != 0 ? p : 1, "test");
                await RunAsync("adjust", adjust.Key, () => t.Ledger.AdjustAsync(adjust, Ct), () => model.Adjust(adjust, now));
                break;
            case < 82:
                var released = await t.Ledger.ReleasePendingAsync(now, Ct);
                released.Should().Be(model.Release(now));
                Count("release");
                break;
            case < 86:
                var expired = await t.Ledger.ExpireLotsAsync(now, Ct);
                expired.Should().Be(model.Expire(now));
                Count("expire");
                break;
            case < 97 when _done.Count > 0:
                await ReplayAsync();
                break;
            default:
                await ConflictAsync(customer);
                break;
        }
    }

    public async Task RefundEverythingAsync()
    {
        foreach (var award in model.Awards)
        {
            var lines = Enumerable.Range(0, award.Quantity.Length).Where(i => award.Returned[i] < award.Quantity[i])
                .Select(i => new RefundQuantity((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), award.Quantity[i] - award.Returned[i])).ToList();
            if (lines.Count == 0)
                continue;
            var refund = new RefundOrder($"f{_next++}", award.Order, lines);
            await RunAsync("final refund", refund.Key, () => t.Ledger.RefundAsync(refund, Ct), () => model.Refund(refund, t.Clock.Now));
        }
        foreach (var award in model.Awards)
            award.Reversed.Sum().Should().Be(award.Points.Sum(), "a full refund reverses exactly what {0} earned", award.Order);
    }

    public async Task CheckAsync()
    {
        await using var db = t.Database.NewContext();
        foreach (var c in t.Customers)
        {
            var balance = await t.Ledger.BalanceAsync(c, Ct);
            var expected = model.Member(c);
            (balance.Available, balance.Pending, balance.Debt).Should().Be(expected, "customer {0}'s balance", c);
        }
        var lots = await db.LoyaltyLots.OrderBy(l => l.Id).Select(l => new { l.CustomerId, l.Remaining, l.EarnedAt, l.ExpiresAt }).ToListAsync(Ct);
        lots.Select(l => (l.CustomerId, l.Remaining, l.EarnedAt, l.ExpiresAt))
            .Should().Equal(model.Lots.Select(l => (l.Customer, l.Remaining, l.EarnedAt, l.ExpiresAt)), "lots are consumed oldest first");
        (await db.LoyaltyTransactions.CountAsync(Ct)).Should().Be(model.Transactions, "retries never add a transaction");
        var verification = await t.Ledger.VerifyAsync(Ct);
        verification.Problems.Should().BeEmpty();
    }

    private async Task RefundAsync(LedgerModel.Award award, DateTime now)
    {
        var lines = Enumerable.Range(0, award.Quantity.Length).Where(_ => random.Next(2) == 0)
            .Select(i => new RefundQuantity((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                // Now and then more than is left, to see it refused.
                random.Next(8) == 0 ? award.Quantity[i] + 1 : Math.Max(1, random.Next(0, award.Quantity[i] - award.Returned[i] + 1))))
            .ToList();
        if (lines.Count == 0)
            return;
        var refund = new RefundOrder($"r{_next++}", award.Order, lines);
        await RunAsync("refund", refund.Key, () => t.Ledger.RefundAsync(refund, Ct), () =>
        {
            var r = model.Refund(refund, now);
            if (r.Debt + r.Forgiven > 0)
                Count("debt or forgiven");
            return r;
        });
    }

    private async Task<bool> RunAsync<T>(string name, string key, Func<Task<T>> ledger, Func<T> expected) where T : notnull
    {
        T? want = default;
        Exception? refusal = null;
        try
        {
            want = expected();
        }
        catch (LoyaltyException ex)
        {
            refusal = ex;
        }
        if (refusal is not null)
        {
            var act = async () => await ledger();
            (await act.Should().ThrowAsync<LoyaltyException>()).Which.Should().BeOfType(refusal.GetType(), name);
            Count(refusal switch { InsufficientPointsException => "insufficient", LoyaltyStateException s when s.Message == "too many units" => "too many units", _ => name + " refused" });
            return false;
        }
        var got = await ledger();
        got.Should().BeEquivalentTo(want, o => o.Excluding(m => m.Name == "TransactionId" || m.Name == "RuleSetId"), name);
        _done.Add((key, async () => await ledger(), got));
        Count(name);
        return true;
    }

    private async Task ReplayAsync()
    {
        var (_, command, result) = _done[random.Next(_done.Count)];
        var again = await command();
        again.Should().BeEquivalentTo(result, "a retry returns the first result");
        Count("replay");
    }

    private async Task ConflictAsync(long customer)
    {
        var redeemKey = _done.FirstOrDefault(d => d.Result is PointsResult).Key;
        if (redeemKey is null)
            return;
        // The same key with other content: refused whatever the command, and nothing written.
        var act = () => t.Ledger.AdjustAsync(new AdjustPoints(redeemKey, customer, 12345, "conflict"), Ct);
        await act.Should().ThrowAsync<IdempotencyConflictException>();
        Count("conflict");
    }

    private void Count(string name) => Counts[name] = Counts.GetValueOrDefault(name) + 1;
}
