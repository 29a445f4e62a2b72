namespace Retain.Core.Demo;

/// <summary>How big a demo shop to make; the same options and seed always make the same shop.</summary>
public sealed record DemoShopOptions
{
    public int Customers { get; init; } = 20_000;
    public ulong Seed { get; init; } = 42;
    /// <summary>Last day of history (exclusive end is the day after). Defaults to today (UTC), so the shop looks current.</summary>
    public DateOnly EndDate { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);
    public int Years { get; init; } = 2;
    public int ProductsPerCategory { get; init; } = 30;
    /// <summary>Multiplies every customer's purchase rate: 1 gives about 1.8 orders per customer over two years.</summary>
    public double PurchaseRateFactor { get; init; } = 1.0;
    /// <summary>Behavioural events (views, carts, checkouts) for the last this many days; 0 for none.</summary>
    public int EventDays { get; init; } = 120;
    /// <summary>Guest orders as a share of the number of customers.</summary>
    public double GuestOrderShare { get; init; } = 0.05;

    public DateTime Start => End.AddYears(-Years);
    public DateTime End => EndDate.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
