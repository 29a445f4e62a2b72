using Microsoft.EntityFrameworkCore;
using Retain.Core.Orders;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed partial class LoyaltyLedger
{
    /// <summary>
    /// Settles every pending referral whose referred customer's first paid order has been released (its return window
    /// closed; run after <see cref="ReleasePendingAsync"/>): both sides get their points, or, when that order was
    /// refunded inside the window, the referral is rejected. One key per referral (<c>referral:{id}:settle</c>), so
    /// however often or concurrently this runs, a referral is settled once. Returns how many were settled.
    /// </summary>
    public async Task<int> SettleReferralsAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        now = UtcTime.Normalize(now);
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // A cheap pre-filter; each candidate is decided again inside its own transaction.
            due = await db.LoyaltyReferrals.Where(r => r.Status == ReferralStatus.Pending)
                .Where(r => db.Orders.Any(o => o.CustomerId == r.ReferredId && (o.Status == OrderStatus.Paid || o.Status == OrderStatus.Fulfilled)
                    && db.LoyaltyOrderAwards.Any(a => a.OrderRef == o.ExternalId && a.ReleasedAt != null)))
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        }
        var settled = 0;
        foreach (var id in due)
        {
            var result = await RunAsync($"referral:{id}:settle", LoyaltyTransactionKind.ReferralReward, new { referralId = id },
                s => SettleAsync(s, id, cancellationToken), cancellationToken);
            settled += result is null ? 0 : 1;
        }
        return settled;
    }

    private static async Task<ReferralResult?> SettleAsync(LedgerSession s, long referralId, CancellationToken ct)
    {
        var ids = await s.Db.LoyaltyReferrals.Where(r => r.Id == referralId).Select(r => new { r.ReferrerId, r.ReferredId }).SingleAsync(ct);
        // The members first (see RefundAsync): anything committed for them after this read fails our save.
        var referrer = await s.MemberAsync(ids.ReferrerId, ct);
        var referral = await s.Db.LoyaltyReferrals.SingleAsync(r => r.Id == referralId, ct);
        var first = await s.Db.Orders.AsNoTracking()
            .Where(o => o.CustomerId == referral.ReferredId && (o.Status == OrderStatus.Paid || o.Status == OrderStatus.Fulfilled))
            .OrderBy(o => o.PlacedAt).ThenBy(o => o.Id).Select(o => new { o.Id, o.ExternalId }).FirstOrDefaultAsync(ct);
        var award = first is null ? null
            : await s.Db.LoyaltyOrderAwards.AsNoTracking().FirstOrDefaultAsync(a => a.OrderRef == first.ExternalId, ct);
        if (referral.Status != ReferralStatus.Pending || award?.ReleasedAt is null)
        {
            s.Abandon();
            return null;
        }
        s.Transaction.RuleSetId = referral.RuleSetId;
        s.Transaction.OrderRef = first!.ExternalId;
        (referral.OrderRef, referral.ResolvedAt, referral.SettleTransactionId) = (first.ExternalId, s.Now, s.Transaction.Id);
        if (await s.Db.Refunds.AnyAsync(r => r.OrderId == first.Id && r.RefundedAt < award.PendingUntil, ct))
        {
            (referral.Status, referral.Reason) = (ReferralStatus.Rejected, ReferralReasons.FirstOrderRefunded);
            return Result(referral);
        }
        referral.Status = ReferralStatus.Rewarded;
        var expiry = referral.RuleSetId is { } ruleSetId
            ? LoyaltyProgramme.Read(await s.Db.LoyaltyRuleSets.AsNoTracking().SingleAsync(r => r.Id == ruleSetId, ct)).ExpiryPeriod : null;
        s.Post(LoyaltyAccount.Issued, null, -referral.ReferrerPoints);
        s.CreditNew(referrer, referral.ReferrerPoints, s.Now, s.Now + expiry);
        // The referred side in a transaction of its own (same command, derived key), so each member's history shows
        // their own reward; both commit together or not at all.
        var twin = new LoyaltyTransaction
        {
            Key = s.Transaction.Key + ":referred", Kind = LoyaltyTransactionKind.ReferralReward, RequestHash = s.Transaction.RequestHash,
            ResultJson = "null", CreatedAt = s.Now, RuleSetId = referral.RuleSetId, OrderRef = first.ExternalId,
        };
        s.Db.LoyaltyTransactions.Add(twin);
        await s.Db.SaveChangesAsync(ct);
        var other = new LedgerSession(s.Db, twin, s.Now, s.DebtPolicy);
        var referred = await other.MemberAsync(referral.ReferredId, ct);
        other.Post(LoyaltyAccount.Issued, null, -referral.ReferredPoints);
        other.CreditNew(referred, referral.ReferredPoints, s.Now, s.Now + expiry);
        return Result(referral);
    }

    private static ReferralResult Result(LoyaltyReferral r) =>
        new(r.Id, r.ReferrerId, r.ReferredId, r.Status, r.Reason, r.ReferrerPoints, r.ReferredPoints);
}
