using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retain.Analytics.Data;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Server.Measure;

/// <summary>Options of the measurement endpoints (section <c>Retain:Measure</c>).</summary>
public sealed class MeasureOptions
{
    public const string SectionName = "Retain:Measure";

    /// <summary>
    /// How long a loaded copy of the shop's data serves requests before the database is asked whether it changed.
    /// Measurements are over whole histories, so a short delay costs nothing and saves re-reading millions of rows per
    /// request.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The shop's data as the analytics see it, read from the database once and then kept. Every
/// <see cref="MeasureOptions.CacheFor"/> the data's fingerprint (<see cref="ScoreStamp"/>: counts and latest changes,
/// a few cheap queries) is checked in the background; the data is read again only when it changed, and requests keep
/// getting the copy in hand meanwhile. Only a request that finds no copy at all waits for the load, so a page never
/// pays for re-reading the shop (seconds on a large one) once the first load is done.
/// </summary>
public sealed partial class ShopDataSource(
    IDbContextFactory<RetainDbContext> contexts, IOptions<MeasureOptions> options, TimeProvider time, ILogger<ShopDataSource> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // A reference, not a nullable tuple: readers outside the gate must never see a torn (half-written) struct, which
    // under concurrent requests showed up as a null ShopData.
    private volatile Loaded? _cached;
    private int _refreshing;
    private Task _backgroundCheck = Task.CompletedTask;

    private sealed record Loaded(ShopData Data, string Stamp, DateTimeOffset CheckedAt);

    public async Task<ShopData> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached)
        {
            if (time.GetUtcNow() - cached.CheckedAt >= options.Value.CacheFor && Interlocked.Exchange(ref _refreshing, 1) == 0)
                _backgroundCheck = Task.Run(RefreshInBackgroundAsync, CancellationToken.None);
            return cached.Data;
        }
        return await RefreshAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the shop now, in the background, so the first dashboard page does not wait for it (<c>retain serve</c> and
    /// <c>retain demo</c> call this once they listen).
    /// </summary>
    public void WarmUpInBackground(CancellationToken stopping) => _ = Task.Run(async () =>
    {
        try
        {
            await GetAsync(stopping);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            LogRefreshFailed(ex);
        }
        catch (OperationCanceledException)
        {
        }
    }, CancellationToken.None);

    /// <summary>The last background check (tests wait for it).</summary>
    internal Task BackgroundCheck => Volatile.Read(ref _backgroundCheck);

    /// <summary>Forgets the cached copy (after an import, say): the next request reads the shop again.</summary>
    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The copy in hand keeps serving; the next check after CacheFor tries again.
            LogRefreshFailed(ex);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task<ShopData> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var cached = _cached;
            if (cached is not null && time.GetUtcNow() - cached.CheckedAt < options.Value.CacheFor)
                return cached.Data;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // The base currency is in the data too (it may change while the shop has no orders, which the stamp misses).
            var stamp = await ScoreStamp.ComputeAsync(db, cancellationToken) + "/" + await db.GetBaseCurrencyAsync(cancellationToken);
            if (cached is not null && cached.Stamp == stamp)
            {
                _cached = cached with { CheckedAt = time.GetUtcNow() };
                return cached.Data;
            }
            var fresh = await ShopDataQueries.LoadAsync(db, cancellationToken);
            _cached = new Loaded(fresh, stamp, time.GetUtcNow());
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Measurements: reading the shop's data again failed; the copy in hand keeps serving")]
    private partial void LogRefreshFailed(Exception exception);
}
