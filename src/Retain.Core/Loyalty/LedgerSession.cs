using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>
/// One command's unit of work: the transaction row, its entries, and the members, lots and allocations it touches,
/// all saved in one database transaction. Customer balances change only through <see cref="Post"/>, so a member row
/// and its entries cannot disagree.
/// </summary>
internal sealed class LedgerSession(RetainDbContext db, LoyaltyTransaction transaction, DateTime now, DebtPolicy debtPolicy)
{
    private readonly Dictionary<long, LoyaltyMember> _members = [];

    public RetainDbContext Db => db;
    public LoyaltyTransaction Transaction => transaction;
    public DateTime Now => now;
    public DebtPolicy DebtPolicy => debtPolicy;

    /// <summary>Set when the command found nothing to do: it is rolled back, so its key stays free.</summary>
    public bool Abandoned { get; private set; }

    public void Abandon() => Abandoned = true;

    /// <summary>
    /// The customer's member row, created on first use. Its version is bumped once per command, so every command for
    /// a customer conflicts with any other that committed since it read (a DbUpdateConcurrencyException, then a retry).
    /// </summary>
    public async Task<LoyaltyMember> MemberAsync(long customerId, CancellationToken ct)
    {
        if (_members.TryGetValue(customerId, out var member))
            return member;
        member = await db.LoyaltyMembers.FirstOrDefaultAsync(m => m.CustomerId == customerId, ct);
        if (member is null)
        {
            if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
                throw new UnknownCustomerException(customerId);
            member = new LoyaltyMember { CustomerId = customerId, CreatedAt = now };
            db.LoyaltyMembers.Add(member);
        }
        member.Version++;
        _members[customerId] = member;
        transaction.CustomerId ??= customerId;
        return member;
    }

    /// <summary>Adds an entry; for a customer account (<paramref name="member"/> set) moves its balance with it.</summary>
    public void Post(LoyaltyAccount account, LoyaltyMember? member, long points)
    {
        if (points == 0)
            return;
        transaction.Entries.Add(new LoyaltyEntry
        {
            Account = account, CustomerId = member?.CustomerId, Points = points, RuleSetId = transaction.RuleSetId,
        });
        if (member is null)
            return;
        switch (account)
        {
            case LoyaltyAccount.Available: member.Available += points; break;
            case LoyaltyAccount.Pending: member.Pending += points; break;
            case LoyaltyAccount.Debt: member.Debt += points; break;
            default: throw new InvalidOperationException($"{account} is not a customer account.");
        }
    }

    /// <summary>
    /// Credits newly issued points (the caller posts the other side): debt is repaid first, the rest becomes a lot.
    /// </summary>
    public void CreditNew(LoyaltyMember member, long points, DateTime earnedAt, DateTime? expiresAt, long? awardId = null)
    {
        var repay = Math.Min(points, -member.Debt);
        Post(LoyaltyAccount.Debt, member, repay);
        var rest = points - repay;
        Post(LoyaltyAccount.Available, member, rest);
        if (rest > 0)
            AddLot(member.CustomerId, rest, earnedAt, expiresAt, awardId);
    }

    public LoyaltyLot AddLot(long customerId, long points, DateTime earnedAt, DateTime? expiresAt, long? awardId = null)
    {
        var lot = new LoyaltyLot
        {
            CustomerId = customerId, TransactionId = transaction.Id, AwardId = awardId, Points = points, Remaining = points,
            EarnedAt = earnedAt, ExpiresAt = expiresAt,
        };
        db.LoyaltyLots.Add(lot);
        return lot;
    }

    /// <summary>Points in lots that have not expired at <see cref="Now"/>: what a customer can spend.</summary>
    public async Task<long> SpendableAsync(LoyaltyMember member, CancellationToken ct) =>
        (await OpenLotsAsync(member.CustomerId, ct)).Where(IsSpendable).Sum(l => l.Remaining);

    /// <summary>
    /// Takes up to <paramref name="points"/> from the customer's lots, oldest first (lots of <paramref name="preferAward"/>
    /// first: a reversal takes back the very points the order gave), recording an allocation per lot and debiting
    /// Available. Returns how much was taken; the caller posts the other side.
    /// </summary>
    public async Task<long> ConsumeAsync(LoyaltyMember member, long points, bool spendableOnly, long? preferAward, CancellationToken ct)
    {
        var lots = (await OpenLotsAsync(member.CustomerId, ct))
            .Where(l => !spendableOnly || IsSpendable(l))
            .OrderBy(l => preferAward is not null && l.AwardId == preferAward ? 0 : 1)
            .ThenBy(l => l.EarnedAt).ThenBy(l => l.Id);
        long taken = 0;
        foreach (var lot in lots)
        {
            var take = Math.Min(lot.Remaining, points - taken);
            if (take == 0)
                break;
            lot.Remaining -= take;
            db.LoyaltyAllocations.Add(new LoyaltyAllocation { TransactionId = transaction.Id, LotId = lot.Id, Points = take });
            taken += take;
        }
        Post(LoyaltyAccount.Available, member, -taken);
        return taken;
    }

    private bool IsSpendable(LoyaltyLot lot) => lot.ExpiresAt is null || lot.ExpiresAt > now;

    private Task<List<LoyaltyLot>> OpenLotsAsync(long customerId, CancellationToken ct) =>
        db.LoyaltyLots.Where(l => l.CustomerId == customerId && l.Remaining > 0).ToListAsync(ct);
}
