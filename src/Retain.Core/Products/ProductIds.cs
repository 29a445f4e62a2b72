using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Retain.Core.Storage;

namespace Retain.Core.Products;

/// <summary>
/// Product ids by SKU for order writes, so an order whose SKUs are all known needs no product query. Only committed
/// ids are remembered: a write reports what it found or created against its <see cref="RetainDbContext"/>, and the
/// caller that commits that context's transaction calls <see cref="Committed"/>; one that rolls back (a failed
/// request, a savepoint undone, a retry) calls <see cref="Discard"/> or simply never commits. Without that, SQLite
/// would hand a rolled-back product's id to the next product inserted, and an order line would point at the wrong
/// product. A committed id stays right in every process: a SKU is a product's key, never changed, and products are
/// never deleted.
/// </summary>
public sealed class ProductIds
{
    /// <summary>Bounds memory for shops with huge catalogues; past it the cache starts again from empty.</summary>
    public const int Capacity = 200_000;

    private readonly ConcurrentDictionary<string, long> _committed = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<RetainDbContext, List<(string Sku, long Id)>> _pending = [];

    public bool TryGet(string sku, out long id) => _committed.TryGetValue(sku, out id);

    /// <summary>Ids <paramref name="db"/>'s transaction has seen or written; remembered once it commits.</summary>
    public void Learned(RetainDbContext db, IEnumerable<KeyValuePair<string, long>> ids)
    {
        var pending = _pending.GetValue(db, _ => []);
        lock (pending)
            pending.AddRange(ids.Select(p => (p.Key, p.Value)));
    }

    /// <summary>What <paramref name="db"/> wrote is committed: its ids are now safe to hand out.</summary>
    public void Committed(RetainDbContext db)
    {
        if (!_pending.TryGetValue(db, out var pending))
            return;
        _pending.Remove(db);
        if (_committed.Count + pending.Count > Capacity)
            _committed.Clear();
        lock (pending)
            foreach (var (sku, id) in pending)
                _committed[sku] = id;
    }

    /// <summary>What <paramref name="db"/> wrote was rolled back (or never will be committed).</summary>
    public void Discard(RetainDbContext db) => _pending.Remove(db);
}
