using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retain.Analytics.Backtesting;
using Retain.Core.Predict;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Server.Dashboard.Models;

/// <summary>
/// A back-test of the data as it was at <see cref="DataStamp"/>: its result and the report's sections (charts with
/// tables) in each dashboard language, keyed by <see cref="BacktestReportText.Language"/>, or why it could not run.
/// </summary>
public sealed record BacktestSnapshot(string DataStamp, BacktestResult? Result, IReadOnlyDictionary<string, string>? Sections, string? Error, DateTime ComputedAt, TimeSpan Took)
{
    /// <summary>The sections in the reader's language (English for a language the report does not speak).</summary>
    public string? SectionsHtml(CultureInfo culture) => Sections?[BacktestReportText.For(culture).Language];
}

/// <summary>What the Models page can show now: the newest snapshot (maybe of older data) and whether a fresher one is being computed.</summary>
public sealed record BacktestState(BacktestSnapshot? Snapshot, bool Computing, bool Current);

/// <summary>
/// A back-test fits every model twice over (seconds on the demo shop), far beyond a page's time budget, so the Models
/// page never computes one: it shows the last snapshot and this cache recomputes in the background once the data's
/// fingerprint (<see cref="ScoreStamp"/>) changes — the same trigger the score job uses.
/// </summary>
public sealed partial class BacktestCache(IDbContextFactory<RetainDbContext> contexts, TimeProvider time, ILogger<BacktestCache> logger)
{
    public const int HoldoutDays = 90;
    private static readonly BacktestReportText[] Languages = [BacktestReportText.English, BacktestReportText.Polish];
    private readonly Lock _gate = new();
    private BacktestSnapshot? _snapshot;
    private Task? _computing;

    /// <summary>Returns at once; starts a back-test of the current data when none exists or the data changed.</summary>
    public async Task<BacktestState> GetAsync(CancellationToken cancellationToken = default)
    {
        string stamp;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            stamp = await ScoreStamp.ComputeAsync(db, cancellationToken);
        lock (_gate)
        {
            var current = _snapshot?.DataStamp == stamp;
            if (!current && _computing is null or { IsCompleted: true })
                _computing = Task.Run(() => ComputeAsync(stamp), CancellationToken.None); // outlives the request that started it
            return new BacktestState(_snapshot, !current, current);
        }
    }

    /// <summary>The back-test being computed, if any (tests and the benchmark wait on it).</summary>
    public Task WhenIdle()
    {
        lock (_gate)
            return _computing ?? Task.CompletedTask;
    }

    private async Task ComputeAsync(string stamp)
    {
        var clock = Stopwatch.StartNew();
        BacktestSnapshot snapshot;
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            var data = await ShopDataQueries.LoadAsync(db);
            var result = Backtest.Run(data, BacktestOptions.LastDays(data, HoldoutDays));
            // Both languages now, in the background: a few milliseconds here instead of on every page view.
            var sections = Languages.ToDictionary(t => t.Language, t => BacktestReportHtml.RenderSections(result, t));
            snapshot = new BacktestSnapshot(stamp, result, sections, null, time.GetUtcNow().UtcDateTime, clock.Elapsed);
        }
        catch (ArgumentException ex)
        {
            // Too little data for a split (an empty or very young shop): the page says why instead of showing charts.
            snapshot = new BacktestSnapshot(stamp, null, null, ex.Message, time.GetUtcNow().UtcDateTime, clock.Elapsed);
        }
        catch (Exception ex)
        {
            LogFailed(ex);
            snapshot = new BacktestSnapshot(stamp, null, null, ex.Message, time.GetUtcNow().UtcDateTime, clock.Elapsed);
        }
        lock (_gate)
            _snapshot = snapshot;
        LogComputed(stamp, clock.Elapsed.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Back-test for the Models page computed for data {Stamp} in {Seconds:F1} s")]
    private partial void LogComputed(string stamp, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Back-test for the Models page failed")]
    private partial void LogFailed(Exception error);
}
