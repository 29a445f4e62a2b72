using Retain.Core.Scores;

namespace Retain.Core.Loyalty;

/// <summary>An order as the feed would earn it; <see cref="CustomerId"/> null for a guest (revenue, no points).</summary>
public sealed record SimOrder(long OrderId, long? CustomerId, DateTime PlacedAt, IReadOnlyList<EarnLine> Lines);

/// <summary>A refund of order lines, at the time it was refunded.</summary>
public sealed record SimRefund(long OrderId, DateTime At, IReadOnlyList<RefundQuantity> Lines);

/// <summary>What one rule set would have done over the replayed period, without a ledger.</summary>
public sealed record SimulationOutcome(
    long PointsEarned, long PointsReversed, long PendingAtEnd, long AvailableAtEnd, long ExpiredByEnd, decimal Revenue,
    int Members, IReadOnlyDictionary<long, string?> TierAtEnd, IReadOnlyDictionary<long, long> OrderPoints)
{
    public long NetIssued => PointsEarned - PointsReversed;
    public long OutstandingAtEnd => PendingAtEnd + AvailableAtEnd;
}

/// <summary>
/// Replays orders and refunds in time order through a rule set in memory, with the ledger's own rules: points from
/// <see cref="RuleEvaluator"/> with the perk of the tier held when the order was placed, tiers from
/// <see cref="TierEvaluator"/> (immediate upgrade, review at each period end over the rolling window net of the
/// refunds recorded so far), reversals by <see cref="RuleEvaluator.ReversalFor"/>, a refund of more units than are
/// left refused whole. Redemptions are not modelled (they depend on what customers choose), so the points at the end
/// are before redemptions; the report prices them with the expected redemption rate.
/// </summary>
public sealed class LoyaltySimulator(LoyaltyRules rules, IReadOnlyDictionary<long, SegmentMembership>? segments = null)
{
    private sealed class AwardLine(int quantity, long points, decimal storedNet)
    {
        public int Quantity { get; } = quantity;
        public long Points { get; } = points;
        public decimal StoredNet { get; } = storedNet;
        public int Returned { get; set; }
        public long Reversed { get; set; }
    }

    private sealed record Award(long CustomerId, DateTime PlacedAt, Dictionary<string, AwardLine> Lines);

    private sealed class Member
    {
        public List<Award> Awards { get; } = [];
        public string? Tier { get; set; }
        public DateTime? TierUntil { get; set; }
    }

    private readonly Dictionary<long, Member> _members = [];
    private readonly Dictionary<long, Award> _awards = [];
    private readonly Dictionary<long, long> _orderPoints = [];
    private long _earned, _reversed;
    private decimal _revenue;

    /// <param name="segments">Each customer's scored segments, for campaigns that name segments (absent: in none).</param>
    public static SimulationOutcome Run(LoyaltyRules rules, IEnumerable<SimOrder> orders, IEnumerable<SimRefund> refunds, DateTime end,
        IReadOnlyDictionary<long, SegmentMembership>? segments = null)
    {
        var simulator = new LoyaltySimulator(rules, segments);
        foreach (var (order, refund) in Timeline(orders, refunds))
        {
            if (order is not null)
                simulator.Earn(order);
            else
                simulator.Refund(refund!);
        }
        return simulator.Finish(end);
    }

    /// <summary>Orders and refunds merged in time order; an order before a refund at the same instant (a refund can only follow its order).</summary>
    public static IEnumerable<(SimOrder? Order, SimRefund? Refund)> Timeline(IEnumerable<SimOrder> orders, IEnumerable<SimRefund> refunds)
    {
        using var o = orders.OrderBy(x => x.PlacedAt).ThenBy(x => x.OrderId).GetEnumerator();
        using var r = refunds.OrderBy(x => x.At).ThenBy(x => x.OrderId).GetEnumerator();
        bool hasOrder = o.MoveNext(), hasRefund = r.MoveNext();
        while (hasOrder || hasRefund)
        {
            if (hasOrder && (!hasRefund || o.Current.PlacedAt <= r.Current.At))
            {
                yield return (o.Current, null);
                hasOrder = o.MoveNext();
            }
            else
            {
                yield return (null, r.Current);
                hasRefund = r.MoveNext();
            }
        }
    }

    public void Earn(SimOrder order)
    {
        _revenue += order.Lines.Sum(l => Math.Max(0m, l.NetAmount));
        if (order.Lines.Count == 0 || _awards.ContainsKey(order.OrderId) || order.Lines.DistinctBy(l => l.LineRef).Count() != order.Lines.Count)
            return;
        if (order.CustomerId is not { } customerId)
        {
            // A guest earns nothing, but a refund of their order still takes its revenue back.
            _awards[order.OrderId] = new Award(-1, order.PlacedAt, order.Lines.ToDictionary(l => l.LineRef, l => new AwardLine(l.Quantity, 0, Math.Round(l.NetAmount, 4, MidpointRounding.AwayFromZero))));
            return;
        }
        var member = MemberOf(customerId);
        Review(member, order.PlacedAt);
        var perk = BonusCampaigns.OrderMultiplier(rules, member.Tier, order.PlacedAt,
            segments is not null && segments.TryGetValue(customerId, out var inSegments) ? inSegments : SegmentMembership.None);
        var points = RuleEvaluator.PointsForOrder(rules, order.Lines, perk);
        var total = points.Sum();
        if (rules.Tiers.Count > 0)
            Upgrade(member, order.PlacedAt, rules.TierBasis == TierBasis.Points ? total : order.Lines.Sum(l => l.NetAmount));
        // The ledger stores a line's net amount as money (4 decimals) and qualifies tiers on the stored value.
        var lines = order.Lines.Select((l, i) => (l.LineRef, Line: new AwardLine(l.Quantity, points[i], Math.Round(l.NetAmount, 4, MidpointRounding.AwayFromZero))))
            .ToDictionary(x => x.LineRef, x => x.Line);
        var award = new Award(customerId, order.PlacedAt, lines);
        member.Awards.Add(award);
        _awards[order.OrderId] = award;
        _orderPoints[order.OrderId] = total;
        _earned += total;
    }

    public void Refund(SimRefund refund)
    {
        if (!_awards.TryGetValue(refund.OrderId, out var award))
            return;
        // All lines or none, as the ledger refuses a refund with one bad line whole.
        if (refund.Lines.Any(q => !award.Lines.TryGetValue(q.LineRef, out var l) || l.Returned + q.Quantity > l.Quantity))
            return;
        foreach (var q in refund.Lines)
        {
            var line = award.Lines[q.LineRef];
            var points = RuleEvaluator.ReversalFor(line.Points, line.Quantity, line.Returned, line.Reversed, q.Quantity);
            var net = line.StoredNet * q.Quantity / line.Quantity;
            _revenue -= Math.Max(0m, net);
            line.Returned += q.Quantity;
            line.Reversed += points;
            _reversed += points;
        }
    }

    /// <summary>Reviews every tier due by <paramref name="end"/> (the ledger's review job) and sums up.</summary>
    public SimulationOutcome Finish(DateTime end)
    {
        long pending = 0, available = 0, expired = 0;
        foreach (var member in _members.Values)
        {
            Review(member, end);
            foreach (var award in member.Awards)
            {
                var net = award.Lines.Values.Sum(l => l.Points - l.Reversed);
                var releasedAt = award.PlacedAt + rules.PendingPeriod;
                if (releasedAt > end)
                    pending += net;
                else if (releasedAt + rules.ExpiryPeriod <= end)
                    expired += net;
                else
                    available += net;
            }
        }
        return new SimulationOutcome(_earned, _reversed, pending, available, expired, _revenue, _members.Count,
            _members.ToDictionary(m => m.Key, m => m.Value.Tier), _orderPoints);
    }

    private Member MemberOf(long customerId)
    {
        if (!_members.TryGetValue(customerId, out var member))
            _members[customerId] = member = new Member();
        return member;
    }

    private void Review(Member member, DateTime at)
    {
        while (member.TierUntil is { } until && until <= at)
        {
            var tier = TierEvaluator.Qualify(rules.Tiers, QualifyingValue(member, until));
            member.Tier = tier?.Name;
            member.TierUntil = tier is null ? null : until + rules.TierPeriod;
        }
    }

    private void Upgrade(Member member, DateTime at, decimal extra)
    {
        var tier = TierEvaluator.Qualify(rules.Tiers, QualifyingValue(member, at) + extra);
        if (tier is null || TierEvaluator.Rank(rules.Tiers, tier.Name) <= TierEvaluator.Rank(rules.Tiers, member.Tier))
            return;
        member.Tier = tier.Name;
        member.TierUntil = at + rules.TierPeriod;
    }

    /// <summary>Spend or points of the orders placed in (at − period, at], net of refunds so far (as the ledger's query).</summary>
    private decimal QualifyingValue(Member member, DateTime at)
    {
        var from = at - rules.TierPeriod;
        decimal value = 0m;
        foreach (var award in member.Awards)
        {
            if (award.PlacedAt <= from || award.PlacedAt > at)
                continue;
            foreach (var l in award.Lines.Values)
                value += rules.TierBasis == TierBasis.Points ? l.Points - l.Reversed : l.StoredNet * (l.Quantity - l.Returned) / l.Quantity;
        }
        return value;
    }
}
