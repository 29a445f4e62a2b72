using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Retain.Core.Orders;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>What one pass of a feed did.</summary>
public sealed record FeedProgress(string Feed, int Read, int Applied, int Skipped, long Watermark);

/// <summary>
/// Turns the shop's orders and refunds into ledger commands without touching the write paths that store them: it
/// reads rows past a persisted watermark (by id) in chunks, issues <c>earn:{order}</c> and <c>refund:{refund}</c>
/// commands, and moves the watermark after each chunk. A crash between a command and the watermark only means the
/// chunk is read again, and the ledger's idempotency keys make the second pass change nothing.
/// </summary>
/// <remarks>
/// Rows younger than the settle time are left for the next pass: on PostgreSQL ids are taken before commit, so a
/// slow transaction can commit a lower id after a higher one is visible, and the watermark must not pass it.
/// An order earns as stored when the feed first reads it (status Placed, Paid or Fulfilled; not Cancelled); a later
/// change of an order's lines or status is not re-earned: the shop's refunds and cancellation refunds reverse points.
/// </remarks>
public sealed partial class LoyaltyOrderFeed(IDbContextFactory<RetainDbContext> contexts, LoyaltyLedger ledger, ILogger<LoyaltyOrderFeed> logger)
{
    public const string Orders = "orders";
    public const string Refunds = "refunds";

    /// <summary>Earns for the next <paramref name="chunk"/> orders past the watermark created before <paramref name="settledBefore"/>.</summary>
    public async Task<FeedProgress> EarnNextAsync(int chunk, DateTime settledBefore, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var after = await WatermarkAsync(db, Orders, cancellationToken);
        // No programme yet: nothing is read, so orders wait for the first rule version instead of being passed by.
        if (await ProgrammeStartAsync(db, cancellationToken) is not { } start)
            return new FeedProgress(Orders, 0, 0, 0, after);
        var orders = await db.Orders.AsNoTracking().Where(o => o.Id > after).OrderBy(o => o.Id).Take(chunk)
            .Select(o => new { o.Id, o.ExternalId, o.CustomerId, o.PlacedAt, o.Status, o.ExchangeRate, o.CreatedAt }).ToListAsync(cancellationToken);
        orders = [.. orders.TakeWhile(o => o.CreatedAt < settledBefore)];
        if (orders.Count == 0)
            return new FeedProgress(Orders, 0, 0, 0, after);
        var ids = orders.Select(o => o.Id).ToList();
        var refs = orders.Select(o => o.ExternalId).ToList();
        var earned = (await db.LoyaltyOrderAwards.Where(a => refs.Contains(a.OrderRef)).Select(a => a.OrderRef).ToListAsync(cancellationToken)).ToHashSet();
        var lines = (await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId))
            .Select(l => new
            {
                l.OrderId, l.LineNo, l.Quantity, l.UnitPrice, l.Discount, l.Sku,
                Category = db.Products.Where(p => p.Id == l.ProductId)
                    .Join(db.Categories, p => p.CategoryId, c => (long?)c.Id, (p, c) => c.ExternalId).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken)).ToLookup(l => l.OrderId);
        int applied = 0, skipped = 0;
        foreach (var order in orders)
        {
            var earnLines = lines[order.Id].Where(l => l.Quantity > 0)
                .Select(l => new EarnLine(l.LineNo.ToString(CultureInfo.InvariantCulture), l.Quantity,
                    (l.Quantity * l.UnitPrice - l.Discount) * order.ExchangeRate, l.Sku, l.Category))
                .ToList();
            if (order.CustomerId is not { } customerId || order.Status == OrderStatus.Cancelled || earnLines.Count == 0
                || order.PlacedAt < start || earned.Contains(order.ExternalId))
            {
                skipped++;
                continue;
            }
            try
            {
                await ledger.EarnAsync(new EarnForOrder(order.ExternalId, customerId, order.PlacedAt, earnLines), cancellationToken);
                applied++;
            }
            catch (LoyaltyException ex)
            {
                // One bad order must not stop the feed; it is logged and left.
                LogRefused("order", order.ExternalId, ex.Message);
                skipped++;
            }
        }
        await SaveWatermarkAsync(db, Orders, orders[^1].Id, cancellationToken);
        return new FeedProgress(Orders, orders.Count, applied, skipped, orders[^1].Id);
    }

    /// <summary>Reverses points for the next <paramref name="chunk"/> refunds past the watermark that name order lines.</summary>
    public async Task<FeedProgress> RefundNextAsync(int chunk, DateTime settledBefore, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var after = await WatermarkAsync(db, Refunds, cancellationToken);
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.Id > after).OrderBy(r => r.Id).Take(chunk)
            .Select(r => new { r.Id, r.ExternalId, r.OrderId, r.CreatedAt, OrderRef = db.Orders.Where(o => o.Id == r.OrderId).Select(o => o.ExternalId).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        refunds = [.. refunds.TakeWhile(r => r.CreatedAt < settledBefore)];
        if (refunds.Count == 0)
            return new FeedProgress(Refunds, 0, 0, 0, after);
        var ids = refunds.Select(r => r.Id).ToList();
        var refs = refunds.Where(r => r.OrderRef is not null).Select(r => r.OrderRef!).ToList();
        var earned = (await db.LoyaltyOrderAwards.Where(a => refs.Contains(a.OrderRef)).Select(a => a.OrderRef).ToListAsync(cancellationToken)).ToHashSet();
        var lines = (await db.RefundLines.AsNoTracking().Where(l => ids.Contains(l.RefundId) && l.OrderLineNo != null && l.Quantity > 0)
            .Select(l => new { l.RefundId, l.OrderLineNo, l.Quantity }).ToListAsync(cancellationToken)).ToLookup(l => l.RefundId);
        int applied = 0, skipped = 0;
        foreach (var refund in refunds)
        {
            var refundLines = lines[refund.Id].GroupBy(l => l.OrderLineNo!.Value)
                .Select(g => new RefundQuantity(g.Key.ToString(CultureInfo.InvariantCulture), g.Sum(l => l.Quantity))).ToList();
            if (refund.OrderRef is null || !earned.Contains(refund.OrderRef) || refundLines.Count == 0)
            {
                skipped++;
                continue;
            }
            try
            {
                await ledger.RefundAsync(new RefundOrder("refund:" + refund.ExternalId, refund.OrderRef, refundLines), cancellationToken);
                applied++;
            }
            catch (LoyaltyException ex)
            {
                LogRefused("refund", refund.ExternalId, ex.Message);
                skipped++;
            }
        }
        await SaveWatermarkAsync(db, Refunds, refunds[^1].Id, cancellationToken);
        return new FeedProgress(Refunds, refunds.Count, applied, skipped, refunds[^1].Id);
    }

    /// <summary>When the first rule version took effect: orders before it never earn, so the feed skips them cheaply.</summary>
    private static Task<DateTime?> ProgrammeStartAsync(RetainDbContext db, CancellationToken ct) =>
        db.LoyaltyRuleSets.Where(r => !r.IsDeleted).OrderBy(r => r.EffectiveFrom).Select(r => (DateTime?)r.EffectiveFrom).FirstOrDefaultAsync(ct);

    private static async Task<long> WatermarkAsync(RetainDbContext db, string feed, CancellationToken ct) =>
        await db.LoyaltySyncStates.Where(s => s.Name == feed).Select(s => (long?)s.AfterId).FirstOrDefaultAsync(ct) ?? 0;

    private static async Task SaveWatermarkAsync(RetainDbContext db, string feed, long afterId, CancellationToken ct)
    {
        var state = await db.LoyaltySyncStates.FirstOrDefaultAsync(s => s.Name == feed, ct);
        if (state is null)
            db.LoyaltySyncStates.Add(state = new LoyaltySyncState { Name = feed });
        // Only forward: a pass that overlapped another (a lease that ran out) must not move it back.
        state.AfterId = Math.Max(state.AfterId, afterId);
        state.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loyalty: {What} {Ref} was not applied: {Reason}")]
    private partial void LogRefused(string what, string @ref, string reason);
}
