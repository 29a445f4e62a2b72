namespace Retain.Core.Customers;

/// <summary>
/// The one customer record every feature hangs off (orders, consents, events, and later loyalty, messages, feedback,
/// scores). Keyed for the shop by <see cref="ExternalId"/>, the shop's own id; <see cref="Id"/> is ours.
/// </summary>
public sealed class Customer
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public DateOnly? Birthday { get; set; }
    /// <summary>Country as the shop sends it (ISO 3166 alpha-2 preferred, a name is kept as given).</summary>
    public string? Country { get; set; }
    /// <summary>BCP 47 language tag, e.g. "pl" or "en-GB".</summary>
    public string? Language { get; set; }
    public string? AcquisitionChannel { get; set; }
    /// <summary>Shop-defined attributes as a JSON object of string values.</summary>
    public string? AttributesJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Set when this record was merged into another (its orders and events moved there).</summary>
    public long? MergedIntoId { get; set; }
    /// <summary>Set when personal data was erased; the row stays so aggregates keep adding up.</summary>
    public DateTime? ErasedAt { get; set; }
}
