using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retain.Analytics.Data;
using Retain.Core.Storage;

namespace Retain.Server.Measure;

/// <summary>Options of the measurement endpoints (section <c>Retain:Measure</c>).</summary>
public sealed class MeasureOptions
{
    public const string SectionName = "Retain:Measure";

    /// <summary>
    /// How long a loaded copy of the shop's data serves requests before it is read again. Measurements are over whole
    /// histories, so a short delay costs nothing and saves re-reading millions of rows per request.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The shop's data as the analytics see it, read from the database and kept for <see cref="MeasureOptions.CacheFor"/>.</summary>
public sealed class ShopDataSource(IDbContextFactory<RetainDbContext> contexts, IOptions<MeasureOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // A reference, not a nullable tuple: readers outside the gate must never see a torn (half-written) struct, which
    // under concurrent requests showed up as a null ShopData.
    private volatile Loaded? _cached;

    private sealed record Loaded(ShopData Data, DateTimeOffset LoadedAt);

    public async Task<ShopData> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } data)
            return data;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } loaded)
                return loaded;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var fresh = await ShopDataQueries.LoadAsync(db, cancellationToken);
            _cached = new Loaded(fresh, time.GetUtcNow());
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached copy (after an import, say).</summary>
    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();

    private ShopData? Fresh() =>
        _cached is { } c && time.GetUtcNow() - c.LoadedAt < options.Value.CacheFor ? c.Data : null;
}
