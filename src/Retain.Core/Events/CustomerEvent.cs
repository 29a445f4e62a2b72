namespace Retain.Core.Events;

/// <summary>Well-known behavioural event types; any other string is a custom event.</summary>
public static class EventTypes
{
    public const string ViewedProduct = "viewed_product";
    public const string AddedToCart = "added_to_cart";
    public const string StartedCheckout = "started_checkout";
}

/// <summary>A behavioural event. <see cref="ExternalId"/>, when the shop sends one, makes ingestion idempotent.</summary>
public sealed class CustomerEvent
{
    public long Id { get; set; }
    public string? ExternalId { get; set; }
    public long CustomerId { get; set; }
    public required string Type { get; set; }
    public DateTime OccurredAt { get; set; }
    public long? ProductId { get; set; }
    /// <summary>Free-form properties as a JSON object.</summary>
    public string? PropertiesJson { get; set; }
}
