using Retain.Analytics.Data;

namespace Retain.Analytics.Tests.Measure;

/// <summary>
/// A: Jan 5 (100), Feb 10 (50), Mar 1 (30), refund Feb 11 (10) · B: Jan 20 (200) · C: Feb 15 (80), Feb 20 (20)
/// · a guest: Feb 12 (40). All 2024.
/// </summary>
internal static class SmallShop
{
    public static DateTime D(int month, int day) => new(2024, month, day, 12, 0, 0, DateTimeKind.Utc);

    public static ShopData Create() => new()
    {
        Customers = [new("A", "PL", "ads", "Mugs"), new("B", "DE", null, "Tea"), new("C", "PL", "ads", "Mugs")],
        Orders =
        [
            new(0, D(1, 5), 100m), new(1, D(1, 20), 200m), new(0, D(2, 10), 50m), new(OrderFact.Guest, D(2, 12), 40m),
            new(2, D(2, 15), 80m), new(2, D(2, 20), 20m), new(0, D(3, 1), 30m),
        ],
        Refunds = [new(0, D(2, 11), 10m)],
    };

    public static ShopData Empty() => new() { Customers = [], Orders = [], Refunds = [] };
}
