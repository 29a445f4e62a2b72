using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Orders;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Core.Customers;

/// <summary>Order metrics of one customer in the base currency; revenue is net of refunds (PRODUCT.md).</summary>
public sealed record CustomerMetrics(int Orders, decimal GrossRevenue, decimal Refunded, decimal Revenue, string Currency, DateTime? FirstOrderAt, DateTime? LastOrderAt);

/// <summary>One thing that happened to a customer, newest first in a timeline.</summary>
public sealed record TimelineEntry(string Kind, string? ExternalId, DateTime At, decimal? Amount, string? Type);

public sealed record CustomerSummary(
    string ExternalId, string? Email, string? FirstName, string? LastName, string? Country, DateTime CreatedAt, DateTime UpdatedAt, string? MergedInto);

public sealed record CustomerDetail(
    string ExternalId,
    string? Email,
    string? Phone,
    string? FirstName,
    string? LastName,
    DateOnly? Birthday,
    string? Country,
    string? Language,
    string? AcquisitionChannel,
    IReadOnlyDictionary<string, string>? Attributes,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? MergedInto,
    CustomerMetrics Metrics,
    IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>Predicted scores (CLV, churn risk) from the newest scoring run; null until a run has scored this customer.</summary>
    public CustomerScoresResponse? Scores { get; init; }
}

public sealed record CustomerPage(IReadOnlyList<CustomerSummary> Items, int? Page, int PageSize, string? NextCursor);

public static class CustomerReads
{
    public const int TimelineLength = 100;

    /// <remarks>
    /// The read's six queries share one connection. Left to itself, EF Core takes a connection from the pool for each
    /// query and gives it back after; Npgsql resets a connection given back (its <c>DISCARD ALL</c> or, with prepared
    /// statements, the equivalent that keeps them) at the start of its next use, so every query paid for a reset
    /// parsed and run by the server (docs/benchmarks.md, session 7). Inside a caller's transaction the connection is
    /// open already and stays so.
    /// </remarks>
    public static async Task<CustomerDetail?> GetAsync(RetainDbContext db, string externalId, CancellationToken cancellationToken)
    {
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened)
            await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAsync(db, externalId, cancellationToken);
        }
        finally
        {
            if (opened)
                await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<CustomerDetail?> ReadAsync(RetainDbContext db, string externalId, CancellationToken cancellationToken)
    {
        var c = await db.Customers.AsNoTracking().FirstOrDefaultAsync(x => x.ExternalId == externalId, cancellationToken);
        if (c is null)
            return null;
        var mergedInto = c.MergedIntoId is { } m
            ? await db.Customers.Where(x => x.Id == m).Select(x => x.ExternalId).FirstOrDefaultAsync(cancellationToken)
            : null;
        // A customer has tens of orders, not millions: sums are done here, which also sidesteps SQLite's lack of decimal SUM.
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == c.Id)
            .Select(o => new { o.ExternalId, o.PlacedAt, o.Revenue, o.Status }).ToListAsync(cancellationToken);
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.CustomerId == c.Id)
            .Select(r => new { r.ExternalId, r.RefundedAt, r.Amount, r.Kind }).ToListAsync(cancellationToken);
        var events = await db.Events.AsNoTracking().Where(e => e.CustomerId == c.Id).OrderByDescending(e => e.OccurredAt).Take(TimelineLength)
            .Select(e => new { e.ExternalId, e.OccurredAt, e.Type }).ToListAsync(cancellationToken);
        var counted = orders.Where(o => o.Status != OrderStatus.Cancelled).ToList();
        var gross = counted.Sum(o => o.Revenue);
        var refunded = refunds.Sum(r => r.Amount);
        var metrics = new CustomerMetrics(counted.Count, gross, refunded, gross - refunded, await db.GetBaseCurrencyAsync(cancellationToken),
            counted.Count == 0 ? null : counted.Min(o => o.PlacedAt), counted.Count == 0 ? null : counted.Max(o => o.PlacedAt));
        var timeline = orders.Select(o => new TimelineEntry("order", o.ExternalId, o.PlacedAt, o.Revenue, o.Status.ToString().ToLowerInvariant()))
            .Concat(refunds.Select(r => new TimelineEntry("refund", r.ExternalId, r.RefundedAt, r.Amount, r.Kind.ToString().ToLowerInvariant())))
            .Concat(events.Select(e => new TimelineEntry("event", e.ExternalId, e.OccurredAt, null, e.Type)))
            .OrderByDescending(t => t.At).ThenBy(t => t.Kind, StringComparer.Ordinal).Take(TimelineLength).ToList();
        return new CustomerDetail(c.ExternalId, c.Email, c.Phone, c.FirstName, c.LastName, c.Birthday, c.Country, c.Language,
            c.AcquisitionChannel, c.AttributesJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(c.AttributesJson),
            c.CreatedAt, c.UpdatedAt, mergedInto, metrics, timeline)
        {
            Scores = await ScoreQueries.LatestAsync(db, c.ExternalId, cancellationToken),
        };
    }

    /// <summary>
    /// Customers matching <paramref name="q"/> (a case-insensitive substring of the external id, e-mail or name), by id.
    /// Either a page number (1-based) or a cursor from the previous page; the cursor stays correct while rows are added.
    /// </summary>
    public static async Task<CustomerPage> ListAsync(RetainDbContext db, string? q, int? page, int pageSize, long? after, CancellationToken cancellationToken)
    {
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLowerInvariant();
            // Runs in SQL as lower(column) LIKE '%term%' on both providers: the C#-side culture analyzers do not apply.
#pragma warning disable CA1304, CA1311, CA1862
            query = query.Where(c => c.ExternalId.ToLower().Contains(term)
                || (c.Email != null && c.Email.ToLower().Contains(term))
                || (c.FirstName != null && c.FirstName.ToLower().Contains(term))
                || (c.LastName != null && c.LastName.ToLower().Contains(term)));
#pragma warning restore CA1304, CA1311, CA1862
        }
        query = query.OrderBy(c => c.Id);
        if (after is { } cursor)
            query = query.Where(c => c.Id > cursor);
        else if (page is > 1)
            query = query.Skip((page.Value - 1) * pageSize);
        var rows = await query.Take(pageSize + 1)
            .Select(c => new { c.Id, Summary = new CustomerSummary(c.ExternalId, c.Email, c.FirstName, c.LastName, c.Country, c.CreatedAt, c.UpdatedAt, null) })
            .ToListAsync(cancellationToken);
        var more = rows.Count > pageSize;
        var items = rows.Take(pageSize).ToList();
        var next = more ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new CustomerPage([.. items.Select(r => r.Summary)], after is null ? page ?? 1 : null, pageSize, next);
    }
}
