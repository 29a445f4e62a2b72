using Microsoft.EntityFrameworkCore;

namespace Retain.Core.Loyalty;

public sealed partial class LoyaltyLedger
{
    public async Task<LoyaltyBalance> BalanceAsync(long customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var member = await db.LoyaltyMembers.AsNoTracking().FirstOrDefaultAsync(m => m.CustomerId == customerId, cancellationToken);
        if (member is not null)
            return new LoyaltyBalance(customerId, member.Available, member.Pending, member.Debt);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
            throw new UnknownCustomerException(customerId);
        return new LoyaltyBalance(customerId, 0, 0, 0);
    }

    /// <summary>The tier the member held at their last order, and when it is next reviewed (null: none).</summary>
    public async Task<(string? Tier, DateTime? Until)> TierAsync(long customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var member = await db.LoyaltyMembers.AsNoTracking().FirstOrDefaultAsync(m => m.CustomerId == customerId, cancellationToken);
        return (member?.Tier, member?.TierUntil);
    }

    /// <summary>
    /// Recomputes everything the member and lot rows claim from the append-only rows and reports each difference:
    /// every transaction sums to zero; each member balance equals the sum of its entries, with Available and Pending
    /// ≥ 0 and Debt ≤ 0; each lot's remainder equals its points minus its allocations and lies in [0, points];
    /// a member's Available equals the remainders of its lots; no order line reversed more than it earned.
    /// </summary>
    public async Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One snapshot for all the reads (SQLite: a deferred read transaction; PostgreSQL: repeatable read).
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var problems = new List<string>();
        var unbalanced = await db.LoyaltyEntries.GroupBy(e => e.TransactionId)
            .Select(g => new { g.Key, Sum = g.Sum(e => e.Points) }).Where(g => g.Sum != 0).ToListAsync(cancellationToken);
        problems.AddRange(unbalanced.Select(u => $"transaction {u.Key} sums to {u.Sum}"));
        var sums = await db.LoyaltyEntries.Where(e => e.CustomerId != null).GroupBy(e => new { e.CustomerId, e.Account })
            .Select(g => new { g.Key.CustomerId, g.Key.Account, Sum = g.Sum(e => e.Points) }).ToListAsync(cancellationToken);
        var lots = await db.LoyaltyLots.AsNoTracking().ToListAsync(cancellationToken);
        var allocated = await db.LoyaltyAllocations.GroupBy(a => a.LotId).Select(g => new { g.Key, Sum = g.Sum(a => a.Points) })
            .ToDictionaryAsync(g => g.Key, g => g.Sum, cancellationToken);
        var members = await db.LoyaltyMembers.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var m in members)
        {
            long Sum(LoyaltyAccount account) => sums.Where(s => s.CustomerId == m.CustomerId && s.Account == account).Sum(s => s.Sum);
            Check(problems, m.CustomerId, "available", m.Available, Sum(LoyaltyAccount.Available));
            Check(problems, m.CustomerId, "pending", m.Pending, Sum(LoyaltyAccount.Pending));
            Check(problems, m.CustomerId, "debt", m.Debt, Sum(LoyaltyAccount.Debt));
            Check(problems, m.CustomerId, "lots", m.Available, lots.Where(l => l.CustomerId == m.CustomerId).Sum(l => l.Remaining));
            if (m.Available < 0 || m.Pending < 0 || m.Debt > 0)
                problems.Add($"customer {m.CustomerId}: balance out of range ({m.Available}, {m.Pending}, {m.Debt})");
        }
        foreach (var lot in lots)
        {
            var expected = lot.Points - allocated.GetValueOrDefault(lot.Id);
            if (lot.Remaining != expected || lot.Remaining < 0 || lot.Remaining > lot.Points)
                problems.Add($"lot {lot.Id}: remaining {lot.Remaining}, points {lot.Points} − allocations = {expected}");
        }
        var overReversed = await db.LoyaltyAwardLines
            .Select(l => new { l.Id, l.Points, l.Quantity, Reversed = db.LoyaltyReversalLines.Where(r => r.AwardLineId == l.Id).Sum(r => (long?)r.Points) ?? 0, Returned = db.LoyaltyReversalLines.Where(r => r.AwardLineId == l.Id).Sum(r => (int?)r.Quantity) ?? 0 })
            .Where(l => l.Reversed > l.Points || l.Returned > l.Quantity || (l.Returned == l.Quantity && l.Reversed != l.Points))
            .ToListAsync(cancellationToken);
        problems.AddRange(overReversed.Select(l => $"award line {l.Id}: reversed {l.Reversed} of {l.Points} for {l.Returned} of {l.Quantity} units"));
        var transactions = await db.LoyaltyTransactions.CountAsync(cancellationToken);
        return new LedgerVerification(transactions, members.Count, problems);
    }

    private static void Check(List<string> problems, long customerId, string what, long stored, long computed)
    {
        if (stored != computed)
            problems.Add($"customer {customerId}: {what} is {stored}, entries say {computed}");
    }
}
