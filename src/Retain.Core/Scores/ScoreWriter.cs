using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Analytics.Clv;
using Retain.Analytics.Data;
using Retain.Analytics.Measure;
using Retain.Analytics.Scoring;
using Retain.Core.Storage;

namespace Retain.Core.Scores;

/// <summary>
/// Stores a scoring run: the run row and every customer's scores in one transaction (bulk insert), then deletes the
/// older runs. Until the commit, readers keep seeing the previous run; a failed run leaves nothing behind.
/// </summary>
public static class ScoreWriter
{
    private static readonly string[] Columns =
    [
        "RunId", "CustomerId", "ProbabilityAlive", "ProbabilityAliveLower", "ProbabilityAliveUpper",
        "ExpectedPurchases90", "ExpectedPurchases90Lower", "ExpectedPurchases90Upper",
        "ProbabilityNoPurchase90", "ProbabilityNoPurchase90Lower", "ProbabilityNoPurchase90Upper",
        "ChurnProbability", "ChurnReasonsJson", "Clv12Months", "Clv12MonthsLower", "Clv12MonthsUpper",
        "ExpectedNextOrderAt", "ExpectedNextOrderAtLower", "ExpectedNextOrderAtUpper",
        "RecencyScore", "FrequencyScore", "MonetaryScore",
    ];

    /// <summary>Next orders further away than this are "not expected" (null) rather than a date.</summary>
    private static readonly TimeSpan NextOrderLimit = TimeSpan.FromDays(365.25 * 50);

    /// <returns>The new run.</returns>
    public static async Task<ScoreRun> WriteAsync(RetainDbContext db, ShopData data, ScoringResult result, string dataStamp,
        DateTime computedAt, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var ids = await CustomerIdsAsync(db, cancellationToken);
        var values = result.Customers.Select(c => c.Prediction.Value?.Value).OfType<double>().Where(double.IsFinite).Order().ToArray();
        double? vipThreshold = values.Length == 0 ? null : values[(int)Math.Floor(0.9 * (values.Length - 1))];
        // Only customers that still exist get a row (not those merged or removed since the data was read), so only
        // they count towards the lists' sizes.
        var stored = new List<(ScoredCustomer Customer, long Id)>(result.Customers.Count);
        foreach (var c in result.Customers)
        {
            if (ids.TryGetValue(data.Customers[c.Customer].ExternalId, out var id))
                stored.Add((c, id));
        }
        var run = new ScoreRun
        {
            ModelVersion = result.ModelVersion,
            DataCutoff = result.Cutoff.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            ComputedAt = computedAt,
            Customers = result.Customers.Count,
            DataStamp = dataStamp,
            ChurnSource = result.ChurnSource,
            VipThreshold = vipThreshold,
            AtRiskCustomers = stored.Count(c => c.Customer.ChurnProbability >= ScoreQueries.AtRiskThreshold),
            VipCustomers = vipThreshold is { } t ? stored.Count(c => Finite(c.Customer.Prediction.Value?.Value) >= t) : 0,
        };
        var rfm = RfmByCustomer(data, run.DataCutoff);

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.ScoreRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await BulkInsert.WriteAsync(db, "CustomerScores", Columns, Reporting(Rows(run, stored, rfm), progress), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        // Only now that the new run is visible may the old ones go (cascade deletes their rows).
        await db.CustomerScores.Where(s => s.RunId < run.Id).ExecuteDeleteAsync(cancellationToken);
        await db.ScoreRuns.Where(r => r.Id < run.Id).ExecuteDeleteAsync(cancellationToken);
        return run;
    }

    private static IEnumerable<object?[]> Rows(ScoreRun run, IEnumerable<(ScoredCustomer Customer, long Id)> customers, RfmCustomer?[] rfm)
    {
        var cutoff = run.DataCutoff;
        foreach (var (c, id) in customers)
        {
            var p = c.Prediction;
            yield return
            [
                run.Id, id, p.ProbabilityAlive.Value, p.ProbabilityAlive.Lower, p.ProbabilityAlive.Upper,
                p.ExpectedPurchases.Value, p.ExpectedPurchases.Lower, p.ExpectedPurchases.Upper,
                p.ProbabilityNoPurchase.Value, p.ProbabilityNoPurchase.Lower, p.ProbabilityNoPurchase.Upper,
                c.ChurnProbability, Reasons(c),
                Finite(p.Value?.Value), Finite(p.Value?.Lower), Finite(p.Value?.Upper),
                Date(cutoff, p.NextPurchaseTime.Value), Date(cutoff, p.NextPurchaseTime.Lower), Date(cutoff, p.NextPurchaseTime.Upper),
                (byte?)rfm[c.Customer]?.R, (byte?)rfm[c.Customer]?.F, (byte?)rfm[c.Customer]?.M,
            ];
        }
    }

    /// <summary>Each customer's RFM at the cutoff, by customer index; null without an order before it.</summary>
    private static RfmCustomer?[] RfmByCustomer(ShopData data, DateTime cutoff)
    {
        var byCustomer = new RfmCustomer?[data.Customers.Count];
        foreach (var c in Rfm.Score(data, cutoff).Customers)
            byCustomer[c.Customer] = c;
        return byCustomer;
    }

    private static IEnumerable<object?[]> Reporting(IEnumerable<object?[]> rows, IProgress<string>? progress)
    {
        const int chunk = 100_000;
        var written = 0;
        foreach (var row in rows)
        {
            yield return row;
            if (++written % chunk == 0)
                progress?.Report($"stored {written:N0} scores");
        }
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static DateTime? Date(DateTime cutoff, double weeks)
    {
        var days = weeks * 7;
        return double.IsFinite(days) && days >= 0 && days < NextOrderLimit.TotalDays ? cutoff.AddDays(days) : null;
    }

    private static string? Reasons(ScoredCustomer c) => c.Reasons.Count == 0 ? null
        : JsonSerializer.Serialize(c.Reasons.Select(r => new ReasonJson(r.Feature.ToString(), r.Text)).ToArray(), ScoresJsonContext.Default.ReasonJsonArray);

    private static async Task<Dictionary<string, long>> CustomerIdsAsync(RetainDbContext db, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var c in db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null).Select(c => new { c.Id, c.ExternalId }).AsAsyncEnumerable().WithCancellation(cancellationToken))
            ids[c.ExternalId] = c.Id;
        return ids;
    }
}
