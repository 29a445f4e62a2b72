using Microsoft.EntityFrameworkCore;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed partial class LoyaltyLedger
{
    /// <summary>
    /// Awards an order's points under the rule version in force when it was placed, line by line, as pending points
    /// until the return window closes. What each line earned is stored, so a refund reverses exactly that.
    /// </summary>
    public Task<EarnResult> EarnAsync(EarnForOrder command, CancellationToken cancellationToken = default)
    {
        ValidateRef(command.OrderRef, "orderRef");
        if (command.Lines.Count == 0)
            throw new InvalidLoyaltyCommandException("lines", "An order needs at least one line.");
        if (command.Lines.Any(l => l.Quantity <= 0))
            throw new InvalidLoyaltyCommandException("lines.quantity", "Line quantities must be positive.");
        if (command.Lines.DistinctBy(l => l.LineRef).Count() != command.Lines.Count)
            throw new InvalidLoyaltyCommandException("lines.lineRef", "Each line reference may appear once.");
        foreach (var line in command.Lines)
            ValidateRef(line.LineRef, "lines.lineRef");
        var canonical = command with
        {
            PlacedAt = UtcTime.Normalize(command.PlacedAt),
            Lines = [.. command.Lines.Select(l => l with { NetAmount = Canonical(l.NetAmount) })],
        };
        return RunAsync(command.Key, LoyaltyTransactionKind.Earn, canonical, s => EarnAsync(s, canonical, cancellationToken), cancellationToken);
    }

    private static async Task<EarnResult> EarnAsync(LedgerSession s, EarnForOrder command, CancellationToken ct)
    {
        var member = await s.MemberAsync(command.CustomerId, ct);
        var (version, rules) = await LoyaltyProgramme.RulesAtAsync(s.Db, command.PlacedAt, ct);
        // The order earns with the perk of the tier held when it was placed; the upgrade it may bring counts from the next.
        if (rules is not null)
            await ReviewTierAsync(s, member, rules, command.PlacedAt, ct);
        // Segments are read only when a segment campaign runs: from the newest score run, as current as the scores.
        var segments = rules is not null && BonusCampaigns.NeedsSegments(rules, command.PlacedAt)
            ? (await SegmentMembershipQueries.ForCustomerAsync(s.Db, command.CustomerId, ct)).Membership
            : SegmentMembership.None;
        var perk = rules is null ? 1m : BonusCampaigns.OrderMultiplier(rules, member.Tier, command.PlacedAt, segments);
        var points = rules is null ? new long[command.Lines.Count] : RuleEvaluator.PointsForOrder(rules, command.Lines, perk);
        var total = points.Sum();
        if (rules is { Tiers.Count: > 0 })
            await UpgradeTierAsync(s, member, rules, command.PlacedAt,
                rules.TierBasis == TierBasis.Points ? total : command.Lines.Sum(l => l.NetAmount), ct);
        s.Transaction.RuleSetId = version?.Id;
        s.Transaction.OrderRef = command.OrderRef;
        var award = new LoyaltyOrderAward
        {
            TransactionId = s.Transaction.Id, CustomerId = command.CustomerId, OrderRef = command.OrderRef,
            RuleSetId = version?.Id, Points = total, PlacedAt = command.PlacedAt,
            PendingUntil = command.PlacedAt + (rules?.PendingPeriod ?? TimeSpan.Zero),
            Lines = [.. command.Lines.Select((l, i) => new LoyaltyAwardLine { LineRef = l.LineRef, Quantity = l.Quantity, Points = points[i], NetAmount = l.NetAmount })],
        };
        s.Db.LoyaltyOrderAwards.Add(award);
        s.Post(LoyaltyAccount.Issued, null, -total);
        s.Post(LoyaltyAccount.Pending, member, total);
        return new EarnResult(s.Transaction.Id, command.OrderRef, version?.Id, total, award.PendingUntil,
            [.. command.Lines.Select((l, i) => new LinePoints(l.LineRef, points[i]))]);
    }

    /// <summary>
    /// Reverses what the given units earned: pro rata per line, cumulative over refunds (see
    /// <see cref="RuleEvaluator.ReversalFor"/>), from the stored award, never from today's rules. Pending points are
    /// taken back first; once released, the order's own lot first, then the oldest; what is already spent follows
    /// the <see cref="DebtPolicy"/>.
    /// </summary>
    public Task<RefundResult> RefundAsync(RefundOrder command, CancellationToken cancellationToken = default)
    {
        ValidateRef(command.OrderRef, "orderRef");
        if (command.Lines.Count == 0 || command.Lines.Any(l => l.Quantity <= 0))
            throw new InvalidLoyaltyCommandException("lines.quantity", "A refund needs lines with positive quantities.");
        if (command.Lines.DistinctBy(l => l.LineRef).Count() != command.Lines.Count)
            throw new InvalidLoyaltyCommandException("lines.lineRef", "Each line reference may appear once.");
        return RunAsync(command.Key, LoyaltyTransactionKind.Refund, command, s => RefundAsync(s, command, cancellationToken), cancellationToken);
    }

    private static async Task<RefundResult> RefundAsync(LedgerSession s, RefundOrder command, CancellationToken ct)
    {
        var customerId = await s.Db.LoyaltyOrderAwards.Where(a => a.OrderRef == command.OrderRef).Select(a => (long?)a.CustomerId).FirstOrDefaultAsync(ct)
            ?? throw new UnknownLoyaltyReferenceException($"Order '{command.OrderRef}'");
        // The member first, then what it guards: on PostgreSQL (read committed) anything committed after this read
        // also bumped the member's version, so our save fails and the command runs again.
        var member = await s.MemberAsync(customerId, ct);
        var award = await s.Db.LoyaltyOrderAwards.Include(a => a.Lines).SingleAsync(a => a.OrderRef == command.OrderRef, ct);
        s.Transaction.RuleSetId = award.RuleSetId;
        s.Transaction.OrderRef = award.OrderRef;
        var lineIds = award.Lines.Select(l => l.Id).ToList();
        var before = await s.Db.LoyaltyReversalLines.Where(r => lineIds.Contains(r.AwardLineId))
            .GroupBy(r => r.AwardLineId).Select(g => new { g.Key, Quantity = g.Sum(r => r.Quantity), Points = g.Sum(r => r.Points) })
            .ToDictionaryAsync(g => g.Key, ct);
        var lines = new List<LinePoints>();
        foreach (var refund in command.Lines)
        {
            var line = award.Lines.FirstOrDefault(l => l.LineRef == refund.LineRef)
                ?? throw new UnknownLoyaltyReferenceException($"Line '{refund.LineRef}' of order '{command.OrderRef}'");
            var returned = before.TryGetValue(line.Id, out var b) ? b.Quantity : 0;
            if (returned + refund.Quantity > line.Quantity)
                throw new LoyaltyStateException($"Line '{line.LineRef}' had {line.Quantity} units, {returned} already refunded; {refund.Quantity} more is too many.");
            var points = RuleEvaluator.ReversalFor(line.Points, line.Quantity, returned, b?.Points ?? 0, refund.Quantity);
            s.Db.LoyaltyReversalLines.Add(new LoyaltyReversalLine { TransactionId = s.Transaction.Id, AwardLineId = line.Id, Quantity = refund.Quantity, Points = points });
            lines.Add(new LinePoints(line.LineRef, points));
        }
        var reversed = lines.Sum(l => l.Points);
        s.Post(LoyaltyAccount.Reversed, null, reversed);
        if (award.ReleasedAt is null)
        {
            s.Post(LoyaltyAccount.Pending, member, -reversed);
            return new RefundResult(s.Transaction.Id, reversed, reversed, 0, 0, 0, lines);
        }
        var fromAvailable = await s.ConsumeAsync(member, reversed, spendableOnly: false, preferAward: award.Id, ct);
        var shortfall = reversed - fromAvailable;
        var debt = s.DebtPolicy == DebtPolicy.RecordDebt ? shortfall : 0;
        s.Post(LoyaltyAccount.Debt, member, -debt);
        s.Post(LoyaltyAccount.Forgiven, null, -(shortfall - debt));
        return new RefundResult(s.Transaction.Id, reversed, 0, fromAvailable, debt, shortfall - debt, lines);
    }

    /// <summary>
    /// Makes the pending points of every order whose return window closed by <paramref name="now"/> available, one
    /// transaction per order (key <c>release:{award}</c>). Returns how many orders were released.
    /// </summary>
    public async Task<int> ReleasePendingAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        now = UtcTime.Normalize(now);
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.LoyaltyOrderAwards.Where(a => a.ReleasedAt == null && a.PendingUntil <= now)
                .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        }
        var released = 0;
        foreach (var awardId in due)
        {
            var done = await RunAsync($"release:{awardId}", LoyaltyTransactionKind.Release, new { awardId },
                s => ReleaseAsync(s, awardId, now, cancellationToken), cancellationToken);
            released += done is null ? 0 : 1;
        }
        return released;
    }

    private static async Task<PointsResult?> ReleaseAsync(LedgerSession s, long awardId, DateTime now, CancellationToken ct)
    {
        var customerId = await s.Db.LoyaltyOrderAwards.Where(a => a.Id == awardId).Select(a => a.CustomerId).SingleAsync(ct);
        var member = await s.MemberAsync(customerId, ct);
        var award = await s.Db.LoyaltyOrderAwards.Include(a => a.Lines).SingleAsync(a => a.Id == awardId, ct);
        if (award.ReleasedAt is not null)
        {
            s.Abandon();
            return null;
        }
        var lineIds = award.Lines.Select(l => l.Id).ToList();
        var reversed = await s.Db.LoyaltyReversalLines.Where(r => lineIds.Contains(r.AwardLineId)).SumAsync(r => r.Points, ct);
        var points = award.Points - reversed;
        s.Transaction.RuleSetId = award.RuleSetId;
        s.Transaction.OrderRef = award.OrderRef;
        award.ReleasedAt = now;
        // The lot dates from the end of the window and expires under the version that awarded it, so when a job
        // runs does not change what a customer keeps.
        var expiry = award.RuleSetId is { } id ? LoyaltyProgramme.Read(await s.Db.LoyaltyRuleSets.SingleAsync(r => r.Id == id, ct)).ExpiryPeriod : null;
        s.Post(LoyaltyAccount.Pending, member, -points);
        s.CreditNew(member, points, award.PendingUntil, award.PendingUntil + expiry, award.Id);
        return new PointsResult(s.Transaction.Id, award.CustomerId, points);
    }

    private static void ValidateRef(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > ColumnSizes.ExternalId)
            throw new InvalidLoyaltyCommandException(field, $"{field} must be 1–{ColumnSizes.ExternalId} characters.");
    }
}
