using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Analytics.Measure;
using Retain.Core.Storage;

namespace Retain.Core.Scores;

/// <summary>A prediction and its interval (central 90%).</summary>
public sealed record ScoreInterval(double Value, double Lower, double Upper);

/// <summary>The expected next order date with its interval; null parts are more than 50 years away.</summary>
public sealed record DateInterval(DateTime? Value, DateTime? Lower, DateTime? Upper);

/// <summary>A customer's latest scores, as the API and the customer responses return them.</summary>
public sealed record CustomerScoresResponse(
    string CustomerId,
    string ModelVersion,
    DateTime ComputedAt,
    DateTime DataCutoff,
    ScoreInterval ProbabilityAlive,
    ScoreInterval ExpectedPurchases90Days,
    ScoreInterval ProbabilityNoPurchase90Days,
    double ChurnProbability,
    string ChurnSource,
    IReadOnlyList<ReasonJson> ChurnReasons,
    ScoreInterval? Clv12Months,
    DateInterval ExpectedNextOrder,
    RfmScores? Rfm);

/// <summary>RFM scores (1–5, 5 best) at the run's data cutoff and the named segment they put the customer in.</summary>
public sealed record RfmScores(int Recency, int Frequency, int Monetary, string Segment);

/// <summary>One page of a segment's scores, riskiest or most valuable first.</summary>
public sealed record ScorePage(string Segment, int Page, int PageSize, int Total, string? ModelVersion, IReadOnlyList<CustomerScoresResponse> Items);

/// <summary>Which customers a score list holds.</summary>
public enum ScoreSegment
{
    /// <summary>Churn probability ≥ 0.5, riskiest first.</summary>
    AtRisk,

    /// <summary>12-month CLV at or above the run's 90th percentile, most valuable first.</summary>
    Vip,
}

/// <summary>Reads the newest complete score run (a run row exists only once all its scores were committed).</summary>
public static class ScoreQueries
{
    public const double AtRiskThreshold = 0.5;

    /// <summary>The customer's scores from the newest run; null when the customer is unknown or was not scored.</summary>
    public static async Task<CustomerScoresResponse?> LatestAsync(RetainDbContext db, string externalId, CancellationToken cancellationToken = default)
    {
        var run = await NewestRunAsync(db, cancellationToken);
        if (run is null)
            return null;
        var row = await (from s in db.CustomerScores.AsNoTracking()
                         join c in db.Customers on s.CustomerId equals c.Id
                         where s.RunId == run.Id && c.ExternalId == externalId
                         select new { Score = s, c.ExternalId }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToResponse(row.Score, row.ExternalId, run);
    }

    /// <summary>The newest run's scores of these customers (a page of a list), by external id; unscored customers are absent.</summary>
    public static async Task<IReadOnlyDictionary<string, CustomerScoresResponse>> ForCustomersAsync(
        RetainDbContext db, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken = default)
    {
        var run = await NewestRunAsync(db, cancellationToken);
        if (run is null || externalIds.Count == 0)
            return new Dictionary<string, CustomerScoresResponse>();
        // Two look-ups by index instead of one join: SQLite plans the join of a parameter list (json_each) by walking
        // the whole run's scores and probing each customer, which took seconds per page at 1,000,000 customers.
        var ids = await db.Customers.AsNoTracking().Where(c => externalIds.Contains(c.ExternalId))
            .ToDictionaryAsync(c => c.Id, c => c.ExternalId, cancellationToken);
        var customerIds = ids.Keys.ToList();
        var scores = await db.CustomerScores.AsNoTracking().Where(s => s.RunId == run.Id && customerIds.Contains(s.CustomerId))
            .ToListAsync(cancellationToken);
        return scores.ToDictionary(s => ids[s.CustomerId], s => ToResponse(s, ids[s.CustomerId], run), StringComparer.Ordinal);
    }

    public static async Task<ScorePage> PageAsync(RetainDbContext db, ScoreSegment segment, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var name = segment == ScoreSegment.AtRisk ? "at-risk" : "vip";
        var run = await NewestRunAsync(db, cancellationToken);
        if (run is null)
            return new ScorePage(name, page, pageSize, 0, null, []);
        var ordered = Members(db, run, segment);
        // Counted when the run was stored: counting here walked most of an index at 1,000,000 customers (~250 ms a page).
        var total = segment == ScoreSegment.AtRisk ? run.AtRiskCustomers : run.VipCustomers;
        var rows = await (from s in ordered.Skip((page - 1) * pageSize).Take(pageSize)
                          join c in db.Customers on s.CustomerId equals c.Id
                          select new { Score = s, c.ExternalId }).ToListAsync(cancellationToken);
        // The join may reorder; the page keeps the segment's order, ties broken by the internal id as in SQL (and in the
        // CSV export): breaking them by the external id here put tied customers in another order than the export.
        var inOrder = segment == ScoreSegment.AtRisk
            ? rows.OrderByDescending(r => r.Score.ChurnProbability).ThenBy(r => r.Score.CustomerId)
            : rows.OrderByDescending(r => r.Score.Clv12Months).ThenBy(r => r.Score.CustomerId);
        return new ScorePage(name, page, pageSize, total, run.ModelVersion, [.. inOrder.Select(r => ToResponse(r.Score, r.ExternalId, run))]);
    }

    /// <summary>Every member of the segment in the list's order, streamed (a CSV export of any size).</summary>
    public static async IAsyncEnumerable<CustomerScoresResponse> AllAsync(RetainDbContext db, ScoreSegment segment,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var run = await NewestRunAsync(db, cancellationToken);
        if (run is null)
            yield break;
        var rows = from s in Members(db, run, segment)
                   join c in db.Customers on s.CustomerId equals c.Id
                   select new { Score = s, c.ExternalId };
        var ordered = segment == ScoreSegment.AtRisk
            ? rows.OrderByDescending(r => r.Score.ChurnProbability).ThenBy(r => r.Score.CustomerId)
            : rows.OrderByDescending(r => r.Score.Clv12Months).ThenBy(r => r.Score.CustomerId);
        await foreach (var row in ordered.AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return ToResponse(row.Score, row.ExternalId, run);
    }

    private static IOrderedQueryable<CustomerScore> Members(RetainDbContext db, ScoreRun run, ScoreSegment segment)
    {
        var scores = db.CustomerScores.AsNoTracking().Where(s => s.RunId == run.Id);
        if (segment == ScoreSegment.AtRisk)
            return scores.Where(s => s.ChurnProbability >= AtRiskThreshold).OrderByDescending(s => s.ChurnProbability).ThenBy(s => s.CustomerId);
        var threshold = run.VipThreshold ?? double.PositiveInfinity;
        return scores.Where(s => s.Clv12Months != null && s.Clv12Months >= threshold).OrderByDescending(s => s.Clv12Months).ThenBy(s => s.CustomerId);
    }

    /// <summary>The newest complete run; null when nothing was scored yet.</summary>
    internal static Task<ScoreRun?> NewestRunAsync(RetainDbContext db, CancellationToken cancellationToken) =>
        db.ScoreRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);

    private static CustomerScoresResponse ToResponse(CustomerScore s, string externalId, ScoreRun run) => new(
        externalId, run.ModelVersion, run.ComputedAt, run.DataCutoff,
        new(s.ProbabilityAlive, s.ProbabilityAliveLower, s.ProbabilityAliveUpper),
        new(s.ExpectedPurchases90, s.ExpectedPurchases90Lower, s.ExpectedPurchases90Upper),
        new(s.ProbabilityNoPurchase90, s.ProbabilityNoPurchase90Lower, s.ProbabilityNoPurchase90Upper),
        s.ChurnProbability, run.ChurnSource,
        s.ChurnReasonsJson is null ? [] : JsonSerializer.Deserialize(s.ChurnReasonsJson, ScoresJsonContext.Default.ReasonJsonArray) ?? [],
        s.Clv12Months is { } v ? new(v, s.Clv12MonthsLower ?? v, s.Clv12MonthsUpper ?? v) : null,
        new(s.ExpectedNextOrderAt, s.ExpectedNextOrderAtLower, s.ExpectedNextOrderAtUpper),
        s is { RecencyScore: { } r, FrequencyScore: { } f, MonetaryScore: { } m }
            ? new RfmScores(r, f, m, ScoredSegments.RfmName(RfmSegments.Of(r, f))) : null);
}
