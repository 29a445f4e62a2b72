using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Retain.Analytics.Recommendations;
using Retain.Core.Storage;

namespace Retain.Core.Recommendations;

/// <summary>Options of the recommendations feature (section <c>Retain:Recommendations</c>).</summary>
public sealed class RecommendationOptions
{
    public const string SectionName = "Retain:Recommendations";

    /// <summary>How often the rebuilder checks for changed orders and retrains (a full retrain is seconds).</summary>
    public TimeSpan RebuildEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a learned blend is reused by retrains before it is learned again: learning it costs more than the
    /// retrain, and it depends on months of data, not on the last minutes (docs/models.md).
    /// </summary>
    public TimeSpan TuneEvery { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// Keeps the trained recommender in memory: trained on first use, retrained by <see cref="RecommendationRebuilder"/>
/// when the orders changed. Requests always read a complete snapshot; training never blocks them once one exists.
/// </summary>
public sealed partial class RecommendationService(
    IDbContextFactory<RetainDbContext> contexts, IOptions<RecommendationOptions> options, TimeProvider time, ILogger<RecommendationService> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile RecommendationSnapshot? _current;
    private string? _trainedOn;
    private BlendTuning? _tuning;
    private DateTimeOffset _tunedAt;

    public async Task<RecommendationSnapshot> GetAsync(CancellationToken cancellationToken) =>
        _current ?? await RebuildAsync(force: false, cancellationToken);

    /// <summary>Retrains when the orders changed since the last training (or always, when forced).</summary>
    public async Task<RecommendationSnapshot> RebuildAsync(bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var signature = await SignatureAsync(db, cancellationToken);
            if (_current is { } current && !force && signature == _trainedOn)
                return current;
            var clock = Stopwatch.StartNew();
            var data = await RecommendationQueries.LoadAsync(db, cancellationToken);
            // Train up to just after the last purchase, so "recent" means recent in the shop's own data.
            var until = data.Log.Count == 0 ? DateTime.UtcNow : data.LastPurchase.AddTicks(1);
            var now = time.GetUtcNow();
            var tuned = force || _tuning is null || now - _tunedAt >= options.Value.TuneEvery;
            if (tuned)
            {
                _tuning = Recommender.Tune(data.Log, until);
                _tunedAt = now;
            }
            var model = Recommender.Fit(data.Log, until, tuned: _tuning);
            // The basket similarity is lazy (the blend never needs it); build it here, not on the first basket request.
            _ = model.Together;
            _current = new RecommendationSnapshot(model, data);
            _trainedOn = signature;
            Trained(data.Log.Count, data.Log.Customers.Length, data.Log.Items.Length, tuned, clock.ElapsedMilliseconds);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Order count, last id and last update: any import, new order or replacement changes it.</summary>
    private static async Task<string> SignatureAsync(RetainDbContext db, CancellationToken cancellationToken)
    {
        var count = await db.Orders.CountAsync(cancellationToken);
        var lastId = count == 0 ? 0 : await db.Orders.MaxAsync(o => o.Id, cancellationToken);
        var lastChange = count == 0 ? default : await db.Orders.MaxAsync(o => o.UpdatedAt, cancellationToken);
        return $"{count}:{lastId}:{lastChange.Ticks}";
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Recommender trained on {Lines} purchase lines, {Customers} customers, {Items} products (blend learned again: {Tuned}) in {Milliseconds} ms")]
    private partial void Trained(int lines, int customers, int items, bool tuned, long milliseconds);
}
