namespace Retain.Analytics.Recommendations;

/// <summary>What a customer did with an item; purchases drive everything, views and carts add weaker affinity.</summary>
public enum InteractionKind : byte
{
    Purchase,
    Cart,
    View,
}

/// <summary>
/// Interactions as parallel arrays: who (index into <see cref="Customers"/>), what (index into <see cref="Items"/>),
/// in which basket and when. Items are sorted by code (ordinal), so an item's index order is its code order and ties
/// break by index. A basket's time is the earliest time among its rows.
/// </summary>
public sealed class PurchaseLog
{
    public required string[] Customers { get; init; }
    public required string[] Items { get; init; }
    public required int[] User { get; init; }
    public required int[] Item { get; init; }
    /// <summary>Basket (invoice) index per row; views and carts have their own basket per session or row.</summary>
    public required int[] Basket { get; init; }
    /// <summary>Basket time per row, UTC ticks.</summary>
    public required long[] Ticks { get; init; }
    public required InteractionKind[] Kind { get; init; }

    public int Count => User.Length;

    /// <summary>The item's index, or −1 when the code is not in the log.</summary>
    public int ItemIndex(string code)
    {
        var i = Array.BinarySearch(Items, code, StringComparer.Ordinal);
        return i >= 0 ? i : -1;
    }

    /// <summary>Collects rows with string ids and builds the indexed log.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, int> _customers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _items = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _baskets = new(StringComparer.Ordinal);
        private readonly List<long> _basketTicks = [];
        private readonly List<int> _user = [], _item = [], _basket = [];
        private readonly List<InteractionKind> _kind = [];

        public int Count => _user.Count;

        public void Add(string customer, string item, string basket, DateTime at, InteractionKind kind = InteractionKind.Purchase)
        {
            if (!_customers.TryGetValue(customer, out var u))
                _customers.Add(customer, u = _customers.Count);
            if (!_items.TryGetValue(item, out var i))
                _items.Add(item, i = _items.Count);
            if (!_baskets.TryGetValue(basket, out var b))
            {
                _baskets.Add(basket, b = _baskets.Count);
                _basketTicks.Add(at.Ticks);
            }
            else if (at.Ticks < _basketTicks[b])
                _basketTicks[b] = at.Ticks;
            _user.Add(u);
            _item.Add(i);
            _basket.Add(b);
            _kind.Add(kind);
        }

        public PurchaseLog Build()
        {
            var codes = _items.Keys.ToArray();
            Array.Sort(codes, StringComparer.Ordinal);
            var remap = new int[codes.Length];
            for (var k = 0; k < codes.Length; k++)
                remap[_items[codes[k]]] = k;
            var customers = new string[_customers.Count];
            foreach (var (id, index) in _customers)
                customers[index] = id;
            var n = _user.Count;
            var item = new int[n];
            var ticks = new long[n];
            for (var r = 0; r < n; r++)
            {
                item[r] = remap[_item[r]];
                ticks[r] = _basketTicks[_basket[r]];
            }
            return new PurchaseLog
            {
                Customers = customers,
                Items = codes,
                User = [.. _user],
                Item = item,
                Basket = [.. _basket],
                Ticks = ticks,
                Kind = [.. _kind],
            };
        }
    }
}
