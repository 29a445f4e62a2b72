using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Customers;

/// <summary>A customer's profile as the shop sends it; a PUT replaces every field (absent = cleared).</summary>
public sealed record CustomerProfile(
    string? Email,
    string? Phone,
    string? FirstName,
    string? LastName,
    DateOnly? Birthday,
    string? Country,
    string? Language,
    string? AcquisitionChannel,
    IReadOnlyDictionary<string, string>? Attributes);

/// <summary>Customer writes inside the caller's transaction (the API's one-transaction-per-request).</summary>
public static class CustomerWrites
{
    public static async Task<(Customer Customer, WriteOutcome Outcome)> UpsertAsync(
        RetainDbContext db, string externalId, CustomerProfile profile, DateTime now, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.ExternalId == externalId, cancellationToken);
        var attributes = profile.Attributes is { Count: > 0 } a
            ? JsonSerializer.Serialize(a.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value))
            : null;
        var outcome = WriteOutcome.Unchanged;
        if (customer is null)
        {
            customer = new Customer { ExternalId = externalId, CreatedAt = now, UpdatedAt = now };
            db.Customers.Add(customer);
            outcome = WriteOutcome.Created;
        }
        if (Set(customer, profile, attributes) && outcome != WriteOutcome.Created)
            outcome = WriteOutcome.Updated;
        if (outcome == WriteOutcome.Updated)
            customer.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (customer, outcome);
    }

    /// <summary>
    /// The customer an order, event or consent names, created with just its id (and e-mail) when the shop has not sent
    /// it yet; a customer merged into another resolves to the one it was merged into.
    /// </summary>
    public static async Task<Customer> EnsureAsync(RetainDbContext db, string externalId, string? email, DateTime now, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.ExternalId == externalId, cancellationToken);
        if (customer is null)
        {
            customer = new Customer { ExternalId = externalId, Email = email, CreatedAt = now, UpdatedAt = now };
            db.Customers.Add(customer);
            await db.SaveChangesAsync(cancellationToken);
            return customer;
        }
        for (var hops = 0; customer.MergedIntoId is { } target && hops < 10; hops++)
            customer = await db.Customers.FirstAsync(c => c.Id == target, cancellationToken);
        if (customer.Email is null && email is not null)
        {
            customer.Email = email;
            customer.UpdatedAt = now;
        }
        return customer;
    }

    private static bool Set(Customer c, CustomerProfile p, string? attributes)
    {
        var changed = c.Email != p.Email || c.Phone != p.Phone || c.FirstName != p.FirstName || c.LastName != p.LastName
            || c.Birthday != p.Birthday || c.Country != p.Country || c.Language != p.Language
            || c.AcquisitionChannel != p.AcquisitionChannel || c.AttributesJson != attributes;
        c.Email = p.Email;
        c.Phone = p.Phone;
        c.FirstName = p.FirstName;
        c.LastName = p.LastName;
        c.Birthday = p.Birthday;
        c.Country = p.Country;
        c.Language = p.Language;
        c.AcquisitionChannel = p.AcquisitionChannel;
        c.AttributesJson = attributes;
        return changed;
    }
}
