using Microsoft.EntityFrameworkCore;
using Retain.Core.Orders;

namespace Retain.Core.Loyalty;

/// <summary>Attach a referred customer to a code, with what the shop saw of them (e-mail, delivery address, device id).</summary>
public sealed record AttachReferral(string Key, long ReferredId, string Code, string? Email, string? Address, string? DeviceId);

public sealed record ReferralResult(long ReferralId, long ReferrerId, long ReferredId, ReferralStatus Status, string? Reason, long ReferrerPoints, long ReferredPoints);

/// <summary>A referral the command may not create (the customer was referred before); 409 on the given field.</summary>
public sealed class ReferralConflictException : LoyaltyException
{
    public ReferralConflictException(string field, string message) : base(message) => Field = field;

    public override LoyaltyErrorKind Kind => LoyaltyErrorKind.Conflict;
}

public sealed partial class LoyaltyLedger
{
    /// <summary>
    /// Attaches a referral. Bad input (an unknown code, one's own code, a customer referred before, no referral
    /// rules) is refused and writes nothing; a suspicious one (the referrer's e-mail, address or device, an existing
    /// customer, the referrer over their limit) is stored as rejected with its reason, so the referrer sees it.
    /// Both members' rows are bumped, so referrals racing for one referrer's limit or one referred customer queue.
    /// </summary>
    public Task<ReferralResult> AttachReferralAsync(AttachReferral command, CancellationToken cancellationToken = default)
    {
        var code = (command.Code ?? "").Trim().ToUpperInvariant();
        if (code.Length is 0 or > LoyaltyReferralCodeConfiguration.CodeLength)
            throw new InvalidLoyaltyCommandException("code", "A referral code is required.");
        var canonical = command with { Code = code };
        return RunAsync(command.Key, LoyaltyTransactionKind.Referral, canonical, s => AttachAsync(s, canonical, cancellationToken), cancellationToken);
    }

    private static async Task<ReferralResult> AttachAsync(LedgerSession s, AttachReferral command, CancellationToken ct)
    {
        var referrerId = await s.Db.LoyaltyReferralCodes.AsNoTracking().Where(c => c.Code == command.Code).Select(c => (long?)c.CustomerId).FirstOrDefaultAsync(ct)
            ?? throw new UnknownLoyaltyReferenceException($"Referral code '{command.Code}'");
        if (referrerId == command.ReferredId)
            throw new InvalidLoyaltyCommandException("code", "A customer cannot use their own referral code.");
        var (version, rules) = await LoyaltyProgramme.RulesAtAsync(s.Db, s.Now, ct);
        if (rules?.Referrals is not { } r)
            throw new InvalidLoyaltyCommandException("code", "The programme has no referral rules.");
        await s.MemberAsync(referrerId, ct);
        await s.MemberAsync(command.ReferredId, ct);
        if (await s.Db.LoyaltyReferrals.AnyAsync(x => x.ReferredId == command.ReferredId, ct))
            throw new ReferralConflictException("customerId", "This customer was already referred; a customer can be referred once.");
        s.Transaction.RuleSetId = version!.Id;

        var referredEmail = command.Email ?? await s.Db.Customers.Where(c => c.Id == command.ReferredId).Select(c => c.Email).SingleAsync(ct);
        var seen = new List<(EvidenceKind Kind, string Hash)>();
        foreach (var (kind, value) in new[] { (EvidenceKind.Email, referredEmail), (EvidenceKind.Address, command.Address), (EvidenceKind.Device, command.DeviceId) })
            if (ReferralEvidence.Hash(kind, value) is { } hash)
                seen.Add((kind, hash));
        var reason = await RejectionAsync(s, referrerId, command.ReferredId, r, seen, ct);
        var referral = new LoyaltyReferral
        {
            ReferrerId = referrerId, ReferredId = command.ReferredId, Code = command.Code, RuleSetId = version.Id, CreatedAt = s.Now,
            Status = reason is null ? ReferralStatus.Pending : ReferralStatus.Rejected, Reason = reason,
            ReferrerPoints = r.ReferrerPoints, ReferredPoints = r.ReferredPoints, ResolvedAt = reason is null ? null : s.Now,
        };
        s.Db.LoyaltyReferrals.Add(referral);
        // What was seen of the referred customer is theirs from now on: if they refer others, it is checked against.
        var known = await s.Db.LoyaltyEvidence.Where(e => e.CustomerId == command.ReferredId).Select(e => e.Hash).ToListAsync(ct);
        foreach (var (kind, hash) in seen.Where(e => !known.Contains(e.Hash)))
            s.Db.LoyaltyEvidence.Add(new LoyaltyEvidence { CustomerId = command.ReferredId, Kind = kind, Hash = hash, RecordedAt = s.Now });
        await s.Db.SaveChangesAsync(ct);
        return new ReferralResult(referral.Id, referrerId, command.ReferredId, referral.Status, reason, referral.ReferrerPoints, referral.ReferredPoints);
    }

    /// <summary>The first fraud check the referral fails, or null.</summary>
    private static async Task<string?> RejectionAsync(
        LedgerSession s, long referrerId, long referredId, ReferralRules rules, List<(EvidenceKind Kind, string Hash)> seen, CancellationToken ct)
    {
        if (await s.Db.Orders.AnyAsync(o => o.CustomerId == referredId && (o.Status == OrderStatus.Paid || o.Status == OrderStatus.Fulfilled) && o.PlacedAt <= s.Now, ct))
            return ReferralReasons.ExistingCustomer;
        var referrer = (await s.Db.LoyaltyEvidence.Where(e => e.CustomerId == referrerId).Select(e => new { e.Kind, e.Hash }).ToListAsync(ct))
            .Select(e => (e.Kind, e.Hash)).ToHashSet();
        if (ReferralEvidence.Hash(EvidenceKind.Email, await s.Db.Customers.Where(c => c.Id == referrerId).Select(c => c.Email).SingleAsync(ct)) is { } email)
            referrer.Add((EvidenceKind.Email, email));
        foreach (var (kind, reason) in new[] { (EvidenceKind.Email, ReferralReasons.SameEmail), (EvidenceKind.Address, ReferralReasons.SameAddress), (EvidenceKind.Device, ReferralReasons.SameDevice) })
            if (seen.Any(e => e.Kind == kind && referrer.Contains(e)))
                return reason;
        if (rules.MaxPerReferrer is { } max)
        {
            var since = s.Now - rules.LimitPeriod;
            if (await s.Db.LoyaltyReferrals.CountAsync(x => x.ReferrerId == referrerId && x.Status != ReferralStatus.Rejected && x.CreatedAt > since, ct) >= max)
                return ReferralReasons.ReferrerLimit;
        }
        return null;
    }
}
