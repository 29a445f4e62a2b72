using Microsoft.EntityFrameworkCore;
using Retain.Core.Errors;
using Retain.Core.Storage;

namespace Retain.Core.Customers;

public sealed record MergeResult(string SourceExternalId, string TargetExternalId, int OrdersMoved, int RefundsMoved, int EventsMoved, int ConsentsMoved, bool AlreadyMerged);

/// <summary>Merges a duplicate customer into another: its orders, refunds, events and consents move, the row stays as a pointer.</summary>
public static class CustomerMerge
{
    public static async Task<MergeResult> MergeAsync(RetainDbContext db, string sourceExternalId, string targetExternalId, DateTime now, CancellationToken cancellationToken)
    {
        if (string.Equals(sourceExternalId, targetExternalId, StringComparison.Ordinal))
            throw new UnprocessableException("targetExternalId", "A customer cannot be merged into itself.");
        var source = await db.Customers.FirstOrDefaultAsync(c => c.ExternalId == sourceExternalId, cancellationToken)
            ?? throw new NotFoundException($"No customer '{sourceExternalId}'.");
        var target = await db.Customers.FirstOrDefaultAsync(c => c.ExternalId == targetExternalId, cancellationToken)
            ?? throw new NotFoundException($"No customer '{targetExternalId}'.");
        if (source.MergedIntoId == target.Id)
            return new MergeResult(sourceExternalId, targetExternalId, 0, 0, 0, 0, AlreadyMerged: true);
        if (source.MergedIntoId is not null)
            throw new ConflictException($"Customer '{sourceExternalId}' was already merged into another customer.", "sourceExternalId");
        if (target.MergedIntoId is not null)
            throw new UnprocessableException("targetExternalId", $"Customer '{targetExternalId}' was itself merged into another customer; merge into that one.");

        var orders = await db.Orders.Where(o => o.CustomerId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, target.Id), cancellationToken);
        var refunds = await db.Refunds.Where(r => r.CustomerId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CustomerId, target.Id), cancellationToken);
        var events = await db.Events.Where(e => e.CustomerId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.CustomerId, target.Id), cancellationToken);
        var consents = await db.Consents.Where(c => c.CustomerId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, target.Id), cancellationToken);
        source.MergedIntoId = target.Id;
        source.UpdatedAt = now;
        target.Email ??= source.Email;
        target.Phone ??= source.Phone;
        target.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new MergeResult(sourceExternalId, targetExternalId, orders, refunds, events, consents, AlreadyMerged: false);
    }
}
