namespace Retain.Core.Shop;

/// <summary>A shop-wide setting stored in the database, so the dashboard can edit it (base currency, time zone, …).</summary>
public sealed class ShopSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

/// <summary>Base-currency units for one unit of <see cref="Currency"/>, valid from a date on.</summary>
public sealed class ExchangeRate
{
    public long Id { get; set; }
    public required string Currency { get; set; }
    public DateOnly ValidFrom { get; set; }
    public decimal Rate { get; set; }
}
