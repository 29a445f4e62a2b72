using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Retain.Analytics.Data;
using Retain.Analytics.Scoring;
using Retain.Core.Storage;

namespace Retain.Core.Scores;

/// <summary>What a scoring run did: the stored run (null when the data had not changed) and how long each phase took.</summary>
public sealed record ScoreRunSummary(ScoreRun? Run, int AtRisk, TimeSpan Load, TimeSpan Score, TimeSpan Store);

/// <summary>Loads the shop, scores every customer and stores the run: <c>retain score</c> and the background job.</summary>
public sealed class ScoreRunner(IDbContextFactory<RetainDbContext> factory, TimeProvider time)
{
    /// <param name="onlyIfChanged">Skip (and return a null run) when the data stamp equals the newest run's.</param>
    /// <param name="progress">Receives a line per phase.</param>
    public async Task<ScoreRunSummary> RunAsync(bool onlyIfChanged, ScoringOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var stamp = await ScoreStamp.ComputeAsync(db, cancellationToken);
        if (onlyIfChanged && await ScoreStamp.LatestAsync(db, cancellationToken) == stamp)
            return new ScoreRunSummary(null, 0, clock.Elapsed, TimeSpan.Zero, TimeSpan.Zero);
        ShopData data = await ShopDataQueries.LoadAsync(db, cancellationToken);
        var load = clock.Elapsed;
        progress?.Report($"loaded {data.Customers.Count:N0} customers and {data.Orders.Length:N0} orders");

        var result = await Task.Run(() => CustomerScorer.Score(data, options, cancellationToken), cancellationToken);
        var score = clock.Elapsed - load;
        progress?.Report($"scored {result.Customers.Count:N0} customers ({result.ModelVersion})");

        var run = await ScoreWriter.WriteAsync(db, data, result, stamp, time.GetUtcNow().UtcDateTime, progress, cancellationToken);
        var store = clock.Elapsed - load - score;
        progress?.Report($"stored run {run.Id}");
        return new ScoreRunSummary(run, run.AtRiskCustomers, load, score, store);
    }
}
