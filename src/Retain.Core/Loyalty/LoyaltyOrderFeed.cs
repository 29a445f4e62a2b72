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
/// reads rows past a persisted watermark in chunks, in commit order (<see cref="FeedCursor"/>: on PostgreSQL a row
/// committed late behind a higher id is never passed over), issues <c>earn:{order}</c> and <c>refund:{refund}</c>
/// commands, and moves the watermark after each chunk. A crash between a command and the watermark only means the
/// chunk is read again, and the ledger's idempotency keys make the second pass change nothing.
/// </summary>
/// <remarks>
/// An order earns as stored when the feed first reads it (status Placed, Paid or Fulfilled; not Cancelled); a later
/// change of an order's lines or status is not re-earned: the shop's refunds and cancellation refunds reverse points.
/// </remarks>
public sealed partial class LoyaltyOrderFeed(IDbContextFactory<RetainDbContext> contexts, LoyaltyLedger ledger, ILogger<LoyaltyOrderFeed> logger)
{
    public const string Orders = "orders";
    public const string Refunds = "refunds";

    /// <summary>Earns for the next <paramref name="chunk"/> orders past the watermark.</summary>
    public async Task<FeedProgress> EarnNextAsync(int chunk, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var after = await FeedCursor.LoadAsync(db, Orders, cancellationToken);
        // No programme yet: nothing is read, so orders wait for the first rule version instead of being passed by.
        if (await ProgrammeStartAsync(db, cancellationToken) is not { } start)
            return new FeedProgress(Orders, 0, 0, 0, after.Id);
        var next = await FeedCursor.NextOrdersAsync(db, after, chunk, cancellationToken);
        if (next.Count == 0)
            return new FeedProgress(Orders, 0, 0, 0, after.Id);
        var ids = next.ConvertAll(c => c.Id);
        var byId = (await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.ExternalId, o.CustomerId, o.PlacedAt, o.Status, o.ExchangeRate }).ToListAsync(cancellationToken)).ToDictionary(o => o.Id);
        // A row deleted since the cursor read it (a merge) is simply passed.
        var orders = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
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
        await FeedCursor.SaveAsync(db, Orders, next[^1], cancellationToken);
        return new FeedProgress(Orders, next.Count, applied, skipped, next[^1].Id);
    }

    /// <summary>Reverses points for the next <paramref name="chunk"/> refunds past the watermark that name order lines.</summary>
    public async Task<FeedProgress> RefundNextAsync(int chunk, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var after = await FeedCursor.LoadAsync(db, Refunds, cancellationToken);
        // A refund whose order the order feed has not passed yet waits (it would find the order not earned and pass by).
        var ordersDone = await FeedCursor.LoadAsync(db, Orders, cancellationToken);
        var next = (await FeedCursor.NextRefundsAsync(db, after, chunk, cancellationToken))
            .TakeWhile(r => r.Order is not { } order || !order.IsAfter(ordersDone)).Select(r => r.At).ToList();
        if (next.Count == 0)
            return new FeedProgress(Refunds, 0, 0, 0, after.Id);
        var ids = next.ConvertAll(c => c.Id);
        var byId = (await db.Refunds.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.ExternalId, r.OrderId, OrderRef = db.Orders.Where(o => o.Id == r.OrderId).Select(o => o.ExternalId).FirstOrDefault() })
            .ToListAsync(cancellationToken)).ToDictionary(r => r.Id);
        var refunds = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
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
        await FeedCursor.SaveAsync(db, Refunds, next[^1], cancellationToken);
        return new FeedProgress(Refunds, next.Count, applied, skipped, next[^1].Id);
    }

    /// <summary>Waits until every order and refund committed before the call can be read (<see cref="FeedCursor.WaitForCommittedAsync"/>).</summary>
    public async Task WaitForCommittedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await FeedCursor.WaitForCommittedAsync(db, cancellationToken);
    }

    /// <summary>When the first rule version took effect: orders before it never earn, so the feed skips them cheaply.</summary>
    private static Task<DateTime?> ProgrammeStartAsync(RetainDbContext db, CancellationToken ct) =>
        db.LoyaltyRuleSets.Where(r => !r.IsDeleted).OrderBy(r => r.EffectiveFrom).Select(r => (DateTime?)r.EffectiveFrom).FirstOrDefaultAsync(ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loyalty: {What} {Ref} was not applied: {Reason}")]
    private partial void LogRefused(string what, string @ref, string reason);
}
