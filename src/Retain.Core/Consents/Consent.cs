namespace Retain.Core.Consents;

/// <summary>
/// One consent decision, append-only: the customer's current consent for a purpose and channel is the latest record.
/// Nothing is ever updated in place, so the history answers "what did we know, and when".
/// </summary>
public sealed class Consent
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    /// <summary>What the data is used for: "marketing", "profiling", "analytics", …</summary>
    public required string Purpose { get; set; }
    /// <summary>"email", "sms", "push", or "any".</summary>
    public required string Channel { get; set; }
    public bool Granted { get; set; }
    /// <summary>GDPR art. 6 basis: "consent", "contract", "legitimate_interest", …</summary>
    public required string LawfulBasis { get; set; }
    /// <summary>Version of the consent text the customer saw.</summary>
    public string? TextVersion { get; set; }
    /// <summary>Where it was given: "checkout", "newsletter_form", "import", "api", …</summary>
    public required string Source { get; set; }
    public DateTime RecordedAt { get; set; }
}
