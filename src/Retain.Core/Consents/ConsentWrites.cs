using Microsoft.EntityFrameworkCore;
using Retain.Core.Customers;
using Retain.Core.Errors;
using Retain.Core.Storage;

namespace Retain.Core.Consents;

public sealed record ConsentInput(string Purpose, string Channel, bool Granted, string LawfulBasis, string? TextVersion, string? Source, DateTime? RecordedAt);

public sealed record ConsentView(string Purpose, string Channel, bool Granted, string LawfulBasis, string? TextVersion, string Source, DateTime RecordedAt);

/// <summary>Current consent per purpose and channel (the latest record), and the full history behind it.</summary>
public sealed record ConsentsView(string CustomerExternalId, IReadOnlyList<ConsentView> Current, IReadOnlyList<ConsentView> History);

/// <summary>Consents are append-only; recording the very same decision (same time included) twice stores it once.</summary>
public static class ConsentWrites
{
    public static async Task<(ConsentView Consent, WriteOutcome Outcome)> RecordAsync(
        RetainDbContext db, string customerExternalId, ConsentInput input, DateTime now, CancellationToken cancellationToken)
    {
        var customer = await CustomerWrites.EnsureAsync(db, customerExternalId, null, now, cancellationToken);
        var recordedAt = UtcTime.Normalize(input.RecordedAt ?? now);
        var source = input.Source ?? "api";
        var purpose = input.Purpose.Trim().ToLowerInvariant();
        var channel = input.Channel.Trim().ToLowerInvariant();
        var same = await db.Consents.AsNoTracking().FirstOrDefaultAsync(c => c.CustomerId == customer.Id && c.Purpose == purpose
            && c.Channel == channel && c.Granted == input.Granted && c.LawfulBasis == input.LawfulBasis && c.TextVersion == input.TextVersion
            && c.Source == source && c.RecordedAt == recordedAt, cancellationToken);
        if (same is not null)
            return (View(same), WriteOutcome.Unchanged);
        var consent = new Consent
        {
            CustomerId = customer.Id, Purpose = purpose, Channel = channel, Granted = input.Granted, LawfulBasis = input.LawfulBasis,
            TextVersion = input.TextVersion, Source = source, RecordedAt = recordedAt,
        };
        db.Consents.Add(consent);
        await db.SaveChangesAsync(cancellationToken);
        return (View(consent), WriteOutcome.Created);
    }

    public static async Task<ConsentsView> GetAsync(RetainDbContext db, string customerExternalId, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.ExternalId == customerExternalId, cancellationToken)
            ?? throw new NotFoundException($"No customer '{customerExternalId}'.");
        var history = (await db.Consents.AsNoTracking().Where(c => c.CustomerId == customer.Id).ToListAsync(cancellationToken))
            .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).Select(View).ToList();
        var current = history.GroupBy(c => (c.Purpose, c.Channel)).Select(g => g.First())
            .OrderBy(c => c.Purpose, StringComparer.Ordinal).ThenBy(c => c.Channel, StringComparer.Ordinal).ToList();
        return new ConsentsView(customer.ExternalId, current, history);
    }

    private static ConsentView View(Consent c) => new(c.Purpose, c.Channel, c.Granted, c.LawfulBasis, c.TextVersion, c.Source, c.RecordedAt);
}
