using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed record ReferralCodeView(string CustomerId, string Code, string? Link);

public sealed record ReferralView(
    long Id, string ReferredCustomerId, ReferralStatus Status, string? Reason, long ReferrerPoints, long ReferredPoints,
    DateTime CreatedAt, DateTime? ResolvedAt, string? OrderRef);

/// <summary>Members' referral codes, the evidence the shop reports of them, and the referrer's listing.</summary>
public sealed class LoyaltyReferralService(IDbContextFactory<RetainDbContext> contexts, SqliteWriteGate writeGate, TimeProvider time)
{
    // Crockford's base32 without the letters people misread (I, L, O, U): a code is read off screens and typed.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int CodeLength = 10;

    /// <summary>
    /// The member's code, created on first request: 10 random base32 characters (50 bits, so not guessable from
    /// another's), unique by index, and never changed afterwards so links already shared keep working.
    /// </summary>
    public async Task<ReferralCodeView> CodeAsync(long customerId, string externalId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var code = await db.LoyaltyReferralCodes.AsNoTracking().Where(c => c.CustomerId == customerId).Select(c => c.Code).FirstOrDefaultAsync(ct);
            if (code is null)
            {
                code = RandomNumberGenerator.GetString(Alphabet, CodeLength);
                db.LoyaltyReferralCodes.Add(new LoyaltyReferralCode { CustomerId = customerId, Code = code, CreatedAt = time.GetUtcNow().UtcDateTime });
                try
                {
                    using var turn = await writeGate.EnterAsync(db, ct);
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    // A twin request created the member's code first (or, rarely, the code is taken): read again.
                    continue;
                }
            }
            var (_, rules) = await LoyaltyProgramme.RulesAtAsync(db, time.GetUtcNow().UtcDateTime, ct);
            return new ReferralCodeView(externalId, code, Link(rules?.Referrals, code));
        }
    }

    public static string? Link(ReferralRules? rules, string code) =>
        rules is { BaseUrl.Length: > 0 } ? $"{rules.BaseUrl}?ref={Uri.EscapeDataString(code)}" : null;

    /// <summary>Records what the shop saw of a member (at sign-up, checkout, login), as hashes; returns how many were new.</summary>
    public async Task<int> RecordEvidenceAsync(long customerId, string? email, string? address, string? deviceId, CancellationToken ct)
    {
        var hashes = new[] { (EvidenceKind.Email, email), (EvidenceKind.Address, address), (EvidenceKind.Device, deviceId) }
            .Select(e => (Kind: e.Item1, Hash: ReferralEvidence.Hash(e.Item1, e.Item2))).Where(e => e.Hash is not null).ToList();
        if (hashes.Count == 0)
            throw new InvalidLoyaltyCommandException("email", "Give at least one of email, address and deviceId.");
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var known = await db.LoyaltyEvidence.Where(e => e.CustomerId == customerId).Select(e => e.Hash).ToListAsync(ct);
            var fresh = hashes.Where(h => !known.Contains(h.Hash!)).ToList();
            db.LoyaltyEvidence.AddRange(fresh.Select(h => new LoyaltyEvidence { CustomerId = customerId, Kind = h.Kind, Hash = h.Hash!, RecordedAt = time.GetUtcNow().UtcDateTime }));
            try
            {
                using var turn = await writeGate.EnterAsync(db, ct);
                await db.SaveChangesAsync(ct);
                return fresh.Count;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // The same evidence recorded at the same moment by a twin request: read again.
            }
        }
    }

    public static async Task<List<ReferralView>> ReferralsAsync(RetainDbContext db, long referrerId, CancellationToken ct) =>
        await db.LoyaltyReferrals.AsNoTracking().Where(r => r.ReferrerId == referrerId).OrderByDescending(r => r.Id)
            .Join(db.Customers, r => r.ReferredId, c => c.Id, (r, c) => new ReferralView(
                r.Id, c.ExternalId, r.Status, r.Reason, r.ReferrerPoints, r.ReferredPoints, r.CreatedAt, r.ResolvedAt, r.OrderRef))
            .ToListAsync(ct);

    public static Task<string> ExternalIdAsync(RetainDbContext db, long customerId, CancellationToken ct) =>
        db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.ExternalId).SingleAsync(ct);
}
