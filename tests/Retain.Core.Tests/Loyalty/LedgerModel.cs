using Retain.Core.Loyalty;

namespace Retain.Core.Tests.Loyalty;

/// <summary>
/// An in-memory ledger written from the rules in docs/loyalty.md, not from the implementation: plain lists, no
/// entries, no database. The property tests run the same commands through both and compare every result, balance and
/// lot. Each method returns the expected result, or throws the exception type the ledger must throw, before changing
/// anything.
/// </summary>
internal sealed class LedgerModel(DebtPolicy policy)
{
    internal sealed class Lot
    {
        public required long Customer { get; init; }
        public string? Order { get; init; }
        public long Remaining { get; set; }
        public DateTime EarnedAt { get; init; }
        public DateTime? ExpiresAt { get; init; }
    }

    internal sealed class Award
    {
        public required string Order { get; init; }
        public required long Customer { get; init; }
        public required long[] Points { get; init; }
        public required int[] Quantity { get; init; }
        public required int[] Returned { get; init; }
        public required long[] Reversed { get; init; }
        public DateTime PendingUntil { get; init; }
        public TimeSpan? Expiry { get; init; }
        public bool Released { get; set; }
    }

    private sealed record Version(DateTime From, int Number, LoyaltyRules? Rules);

    private readonly List<Version> _versions = [];
    private readonly Dictionary<string, List<(Lot Lot, long Points)>> _redemptions = [];
    private readonly HashSet<string> _cancelled = [];

    public List<Lot> Lots { get; } = [];
    public List<Award> Awards { get; } = [];
    public Dictionary<long, (long Available, long Pending, long Debt)> Members { get; } = [];
    public int Transactions { get; private set; }

    public void Publish(LoyaltyRules? rules, DateTime from) => _versions.Add(new Version(from, _versions.Count + 1, rules));

    private LoyaltyRules? RulesAt(DateTime at) =>
        _versions.Where(v => v.From <= at).OrderByDescending(v => v.From).ThenByDescending(v => v.Number).FirstOrDefault()?.Rules;

    public static long[] Points(LoyaltyRules rules, IReadOnlyList<EarnLine> lines)
    {
        var points = new long[lines.Count];
        if (lines.Sum(l => Math.Max(0, l.NetAmount)) < rules.MinimumOrder)
            return points;
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var multiplier = l.Sku is not null && rules.ProductMultipliers.TryGetValue(l.Sku, out var p) ? p
                : l.CategoryRef is not null && rules.CategoryMultipliers.TryGetValue(l.CategoryRef, out var c) ? c : 1m;
            points[i] = l.NetAmount <= 0 ? 0 : (long)Math.Floor(l.NetAmount * rules.PointsPerUnit * multiplier);
        }
        var total = points.Sum();
        if (rules.PerOrderCap is not { } cap || total <= cap)
            return points;
        // Exact shares as fractions; whole parts first, then one point each to the largest fractions.
        var shares = points.Select(p => p * cap / total).ToArray();
        var byFraction = Enumerable.Range(0, points.Length).OrderByDescending(i => points[i] * cap % total).ThenBy(i => i).ToList();
        for (var k = 0; shares.Sum() < cap; k++)
            shares[byFraction[k]]++;
        return shares;
    }

    public EarnResult Earn(EarnForOrder order)
    {
        Transactions++;
        var rules = RulesAt(order.PlacedAt);
        var points = rules is null ? new long[order.Lines.Count] : Points(rules, order.Lines);
        var award = new Award
        {
            Order = order.OrderRef, Customer = order.CustomerId, Points = points, Quantity = [.. order.Lines.Select(l => l.Quantity)],
            Returned = new int[points.Length], Reversed = new long[points.Length],
            PendingUntil = order.PlacedAt + (rules?.PendingPeriod ?? TimeSpan.Zero), Expiry = rules?.ExpiryPeriod,
        };
        Awards.Add(award);
        Change(order.CustomerId, pending: points.Sum());
        return new EarnResult(0, order.OrderRef, null, points.Sum(), award.PendingUntil,
            [.. order.Lines.Select((l, i) => new LinePoints(l.LineRef, points[i]))]);
    }

    public int Release(DateTime now)
    {
        var due = Awards.Where(a => !a.Released && a.PendingUntil <= now).ToList();
        foreach (var award in due)
        {
            Transactions++;
            award.Released = true;
            var points = award.Points.Sum() - award.Reversed.Sum();
            Change(award.Customer, pending: -points);
            CreditNew(award.Customer, points, award.PendingUntil, award.PendingUntil + award.Expiry, award.Order);
        }
        return due.Count;
    }

    public RefundResult Refund(RefundOrder refund, DateTime now)
    {
        var award = Awards.SingleOrDefault(a => a.Order == refund.OrderRef) ?? throw new UnknownLoyaltyReferenceException(refund.OrderRef);
        var lines = refund.Lines.Select(r => (Index: int.Parse(r.LineRef, System.Globalization.CultureInfo.InvariantCulture) - 1, r.Quantity)).ToList();
        if (lines.Any(l => award.Returned[l.Index] + l.Quantity > award.Quantity[l.Index]))
            throw new LoyaltyStateException("too many units");
        Transactions++;
        var result = new List<LinePoints>();
        foreach (var (i, quantity) in lines)
        {
            // Cumulative pro rata: what the units returned so far are worth, less what was already reversed.
            var worth = award.Points[i] * (award.Returned[i] + quantity) / award.Quantity[i];
            result.Add(new LinePoints((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), worth - award.Reversed[i]));
            award.Reversed[i] = worth;
            award.Returned[i] += quantity;
        }
        var reversed = result.Sum(r => r.Points);
        if (!award.Released)
        {
            Change(award.Customer, pending: -reversed);
            return new RefundResult(0, reversed, reversed, 0, 0, 0, result);
        }
        var taken = Take(award.Customer, reversed, now, spendableOnly: false, preferOrder: award.Order, null);
        var shortfall = reversed - taken;
        var debt = policy == DebtPolicy.RecordDebt ? shortfall : 0;
        Change(award.Customer, debt: -debt);
        return new RefundResult(0, reversed, 0, taken, debt, shortfall - debt, result);
    }

    public long Spendable(long customer, DateTime now) =>
        Lots.Where(l => l.Customer == customer && (l.ExpiresAt is null || l.ExpiresAt > now)).Sum(l => l.Remaining);

    public PointsResult Redeem(RedeemPoints redeem, DateTime now)
    {
        var spendable = Spendable(redeem.CustomerId, now);
        if (spendable < redeem.Points)
            throw new InsufficientPointsException(redeem.CustomerId, redeem.Points, spendable);
        Transactions++;
        var allocations = new List<(Lot, long)>();
        Take(redeem.CustomerId, redeem.Points, now, spendableOnly: true, null, allocations);
        _redemptions[redeem.Key] = allocations;
        return new PointsResult(0, redeem.CustomerId, redeem.Points);
    }

    public PointsResult Cancel(CancelRedemption cancel, long customer, DateTime now)
    {
        if (!_redemptions.TryGetValue(cancel.RedemptionKey, out var allocations))
            throw new UnknownLoyaltyReferenceException(cancel.RedemptionKey);
        if (!_cancelled.Add(cancel.RedemptionKey))
            throw new LoyaltyStateException("cancelled twice");
        Transactions++;
        foreach (var (lot, points) in allocations)
        {
            if (lot.ExpiresAt is null || lot.ExpiresAt > now)
                lot.Remaining += points;
            else
                Lots.Add(new Lot { Customer = customer, Remaining = points, EarnedAt = now, ExpiresAt = now + (lot.ExpiresAt - lot.EarnedAt) });
        }
        var total = allocations.Sum(a => a.Points);
        Change(customer, available: total);
        return new PointsResult(0, customer, total);
    }

    public PointsResult Action(AwardForAction action)
    {
        var rules = RulesAt(action.OccurredAt);
        if (rules is null || !rules.ActionRewards.TryGetValue(action.Action, out var points))
            throw new InvalidLoyaltyCommandException("action", "no reward");
        Transactions++;
        CreditNew(action.CustomerId, points, action.OccurredAt, action.OccurredAt + rules.ExpiryPeriod, null);
        return new PointsResult(0, action.CustomerId, points);
    }

    public PointsResult Adjust(AdjustPoints adjust, DateTime now)
    {
        if (adjust.Points < 0 && Spendable(adjust.CustomerId, now) < -adjust.Points)
            throw new InsufficientPointsException(adjust.CustomerId, -adjust.Points, 0);
        Transactions++;
        if (adjust.Points > 0)
            CreditNew(adjust.CustomerId, adjust.Points, now, now + RulesAt(now)?.ExpiryPeriod, null);
        else
            Take(adjust.CustomerId, -adjust.Points, now, spendableOnly: true, null, null);
        return new PointsResult(0, adjust.CustomerId, adjust.Points);
    }

    public long Expire(DateTime now)
    {
        long total = 0;
        foreach (var lot in Lots.Where(l => l.Remaining > 0 && l.ExpiresAt <= now))
        {
            Transactions++;
            total += lot.Remaining;
            Change(lot.Customer, available: -lot.Remaining);
            lot.Remaining = 0;
        }
        return total;
    }

    private void CreditNew(long customer, long points, DateTime earnedAt, DateTime? expiresAt, string? order)
    {
        var repay = Math.Min(points, -Member(customer).Debt);
        Change(customer, available: points - repay, debt: repay);
        if (points - repay > 0)
            Lots.Add(new Lot { Customer = customer, Order = order, Remaining = points - repay, EarnedAt = earnedAt, ExpiresAt = expiresAt });
    }

    private long Take(long customer, long points, DateTime now, bool spendableOnly, string? preferOrder, List<(Lot, long)>? allocations)
    {
        // Stable sort keeps creation order among equals, which is the ledger's tie-break (lot id).
        var lots = Lots.Where(l => l.Customer == customer && l.Remaining > 0 && (!spendableOnly || l.ExpiresAt is null || l.ExpiresAt > now))
            .OrderBy(l => preferOrder is not null && l.Order == preferOrder ? 0 : 1).ThenBy(l => l.EarnedAt);
        long taken = 0;
        foreach (var lot in lots)
        {
            var take = Math.Min(lot.Remaining, points - taken);
            if (take == 0)
                break;
            lot.Remaining -= take;
            allocations?.Add((lot, take));
            taken += take;
        }
        Change(customer, available: -taken);
        return taken;
    }

    public (long Available, long Pending, long Debt) Member(long customer) => Members.GetValueOrDefault(customer);

    private void Change(long customer, long available = 0, long pending = 0, long debt = 0)
    {
        var m = Member(customer);
        Members[customer] = (m.Available + available, m.Pending + pending, m.Debt + debt);
    }
}
