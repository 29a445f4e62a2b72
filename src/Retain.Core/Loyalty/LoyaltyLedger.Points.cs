using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed partial class LoyaltyLedger
{
    /// <summary>Points for an action (sign-up, review, …) under the rules in force when it happened; available at once.</summary>
    public Task<PointsResult> AwardForActionAsync(AwardForAction command, CancellationToken cancellationToken = default)
    {
        ValidateRef(command.Action, "action");
        var canonical = command with { OccurredAt = UtcTime.Normalize(command.OccurredAt) };
        return RunAsync(command.Key, LoyaltyTransactionKind.Action, canonical, async s =>
        {
            var member = await s.MemberAsync(canonical.CustomerId, cancellationToken);
            var (version, rules) = await LoyaltyProgramme.RulesAtAsync(s.Db, canonical.OccurredAt, cancellationToken);
            if (rules is null || !rules.ActionRewards.TryGetValue(canonical.Action, out var points))
                throw new InvalidLoyaltyCommandException("action", $"The programme gives no points for '{canonical.Action}'.");
            s.Transaction.RuleSetId = version!.Id;
            s.Post(LoyaltyAccount.Issued, null, -points);
            s.CreditNew(member, points, canonical.OccurredAt, canonical.OccurredAt + rules.ExpiryPeriod);
            return new PointsResult(s.Transaction.Id, canonical.CustomerId, points);
        }, cancellationToken);
    }

    /// <summary>Spends points from the oldest unexpired lots; too few spendable points is an error that changes nothing.</summary>
    public Task<PointsResult> RedeemAsync(RedeemPoints command, CancellationToken cancellationToken = default)
    {
        RequirePositive(command.Points);
        return RunAsync(command.Key, LoyaltyTransactionKind.Redeem, command, async s =>
        {
            var member = await s.MemberAsync(command.CustomerId, cancellationToken);
            var spendable = await s.SpendableAsync(member, cancellationToken);
            if (spendable < command.Points)
                throw new InsufficientPointsException(command.CustomerId, command.Points, spendable);
            await s.ConsumeAsync(member, command.Points, spendableOnly: true, preferAward: null, cancellationToken);
            s.Post(LoyaltyAccount.Redeemed, null, command.Points);
            return new PointsResult(s.Transaction.Id, command.CustomerId, command.Points);
        }, cancellationToken);
    }

    /// <summary>
    /// Undoes a redemption: each allocation goes back to its lot while that lot has not expired; points from a lot
    /// that expired meanwhile come back as a fresh lot with the old lot's lifetime from now (the shop cancelled, so
    /// the customer should get a fair chance to spend them rather than lose them at once).
    /// </summary>
    public Task<PointsResult> CancelRedemptionAsync(CancelRedemption command, CancellationToken cancellationToken = default)
    {
        ValidateRef(command.RedemptionKey, "redemptionKey");
        return RunAsync(command.Key, LoyaltyTransactionKind.CancelRedemption, command, async s =>
        {
            var redemption = await s.Db.LoyaltyTransactions.AsNoTracking()
                .FirstOrDefaultAsync(t => t.Key == command.RedemptionKey && t.Kind == LoyaltyTransactionKind.Redeem, cancellationToken)
                ?? throw new UnknownLoyaltyReferenceException($"Redemption '{command.RedemptionKey}'");
            return await CancelAsync(s, redemption, RewardCodeStatus.Cancelled, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Gives <paramref name="redemption"/>'s points back. A reward code it issued must still be unused; it is closed
    /// with <paramref name="codeStatus"/> in the same transaction (its status is a concurrency token, so a checkout
    /// consuming it at the same moment makes one of the two fail and retry).
    /// </summary>
    private static async Task<PointsResult> CancelAsync(LedgerSession s, LoyaltyTransaction redemption, RewardCodeStatus codeStatus, CancellationToken ct)
    {
        var member = await s.MemberAsync(redemption.CustomerId!.Value, ct);
        if (await s.Db.LoyaltyTransactions.AnyAsync(t => t.ReversesTransactionId == redemption.Id, ct))
            throw new LoyaltyStateException($"Redemption '{redemption.Key}' was already cancelled.");
        if (await s.Db.LoyaltyRewardCodes.FirstOrDefaultAsync(c => c.TransactionId == redemption.Id, ct) is { } code)
        {
            if (code.Status != RewardCodeStatus.Issued)
                throw new LoyaltyStateException($"Reward code of redemption '{redemption.Key}' is {code.Status.ToString().ToLowerInvariant()}; its points cannot come back.");
            code.Status = codeStatus;
            code.ClosedAt = s.Now;
        }
        s.Transaction.ReversesTransactionId = redemption.Id;
        var allocations = await s.Db.LoyaltyAllocations.Where(a => a.TransactionId == redemption.Id).ToListAsync(ct);
        var lotIds = allocations.Select(a => a.LotId).ToList();
        var lots = await s.Db.LoyaltyLots.Where(l => lotIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        long points = 0;
        foreach (var allocation in allocations.OrderBy(a => a.Id))
        {
            var lot = lots[allocation.LotId];
            points += allocation.Points;
            if (lot.ExpiresAt is null || lot.ExpiresAt > s.Now)
            {
                lot.Remaining += allocation.Points;
                s.Db.LoyaltyAllocations.Add(new LoyaltyAllocation { TransactionId = s.Transaction.Id, LotId = lot.Id, Points = -allocation.Points });
            }
            else
            {
                s.AddLot(member.CustomerId, allocation.Points, s.Now, s.Now + (lot.ExpiresAt.Value - lot.EarnedAt));
            }
        }
        s.Post(LoyaltyAccount.Redeemed, null, -points);
        s.Post(LoyaltyAccount.Available, member, points);
        return new PointsResult(s.Transaction.Id, member.CustomerId, points);
    }

    /// <summary>A manual correction: a credit is a new lot (expiring under today's rules), a debit spends like a redemption.</summary>
    public Task<PointsResult> AdjustAsync(AdjustPoints command, CancellationToken cancellationToken = default)
    {
        if (command.Points == 0)
            throw new InvalidLoyaltyCommandException("points", "An adjustment must move at least one point.");
        return RunAsync(command.Key, LoyaltyTransactionKind.Adjust, command, async s =>
        {
            var member = await s.MemberAsync(command.CustomerId, cancellationToken);
            if (command.Points > 0)
            {
                var (version, rules) = await LoyaltyProgramme.RulesAtAsync(s.Db, s.Now, cancellationToken);
                s.Transaction.RuleSetId = rules is null ? null : version?.Id;
                s.Post(LoyaltyAccount.Adjusted, null, -command.Points);
                s.CreditNew(member, command.Points, s.Now, s.Now + rules?.ExpiryPeriod);
                return new PointsResult(s.Transaction.Id, command.CustomerId, command.Points);
            }
            var spendable = await s.SpendableAsync(member, cancellationToken);
            if (spendable < -command.Points)
                throw new InsufficientPointsException(command.CustomerId, -command.Points, spendable);
            await s.ConsumeAsync(member, -command.Points, spendableOnly: true, preferAward: null, cancellationToken);
            s.Post(LoyaltyAccount.Adjusted, null, -command.Points);
            return new PointsResult(s.Transaction.Id, command.CustomerId, command.Points);
        }, cancellationToken);
    }

    /// <summary>
    /// Expires what is left of every lot past its expiry at <paramref name="now"/>, one transaction per lot (key
    /// <c>expire:{lot}</c>: a lot expires once, since a cancelled redemption never refills an expired lot).
    /// Returns the points expired.
    /// </summary>
    public async Task<long> ExpireLotsAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        now = UtcTime.Normalize(now);
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.LoyaltyLots.Where(l => l.Remaining > 0 && l.ExpiresAt <= now)
                .OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(cancellationToken);
        }
        long expired = 0;
        foreach (var lotId in due)
        {
            var result = await RunAsync($"expire:{lotId}", LoyaltyTransactionKind.Expire, new { lotId }, async s =>
            {
                var customerId = await s.Db.LoyaltyLots.Where(l => l.Id == lotId).Select(l => l.CustomerId).SingleAsync(cancellationToken);
                var member = await s.MemberAsync(customerId, cancellationToken);
                var lot = await s.Db.LoyaltyLots.SingleAsync(l => l.Id == lotId, cancellationToken);
                if (lot.Remaining == 0)
                {
                    s.Abandon();
                    return null;
                }
                var points = lot.Remaining;
                lot.Remaining = 0;
                s.Db.LoyaltyAllocations.Add(new LoyaltyAllocation { TransactionId = s.Transaction.Id, LotId = lot.Id, Points = points });
                s.Post(LoyaltyAccount.Available, member, -points);
                s.Post(LoyaltyAccount.Expired, null, points);
                return new PointsResult(s.Transaction.Id, lot.CustomerId, points);
            }, cancellationToken);
            expired += result?.Points ?? 0;
        }
        return expired;
    }

    private static void RequirePositive(long points)
    {
        if (points <= 0)
            throw new InvalidLoyaltyCommandException("points", "Points must be a positive whole number.");
    }
}
