using Retain.Core.Import.Parsing;

namespace Retain.Core.Demo;

/// <summary>A demo customer as the shop knows them.</summary>
public sealed record DemoCustomer(
    string ExternalId,
    string Email,
    string FirstName,
    string LastName,
    string? Phone,
    DateOnly Birthday,
    string Country,
    string Language,
    string Channel,
    DateTime CreatedAt);

public sealed record DemoConsent(string Purpose, string Channel, bool Granted, string TextVersion, string Source, DateTime RecordedAt);

public sealed record DemoEvent(string Type, DateTime OccurredAt, string? Sku);

/// <summary>
/// Everything one demo customer did: their orders and refunds (in the import contract, so the demo shop is written
/// through the same path as a real import), consents and behavioural events.
/// </summary>
public sealed record DemoCustomerHistory(
    DemoCustomer Customer,
    IReadOnlyList<ImportedOrder> Orders,
    IReadOnlyList<DemoConsent> Consents,
    IReadOnlyList<DemoEvent> Events);
