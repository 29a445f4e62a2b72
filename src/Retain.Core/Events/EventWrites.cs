using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Customers;
using Retain.Core.Errors;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Core.Events;

public sealed record EventInput(string? ExternalId, string CustomerExternalId, string Type, DateTime OccurredAt, string? Sku, JsonElement? Properties);

public sealed record EventBatchResult(int Accepted, int Duplicates);

/// <summary>Behavioural events in batches. An event with an external id already stored is a duplicate and is skipped.</summary>
public static class EventWrites
{
    public static async Task<EventBatchResult> IngestAsync(RetainDbContext db, IReadOnlyList<EventInput> events, DateTime now, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        ProductWrites.Duplicates(events.Select((e, i) => e.ExternalId ?? $"\0{i}"), "events", "externalId", errors);
        for (var i = 0; i < events.Count; i++)
            if (events[i].Properties is { } p && p.ValueKind != JsonValueKind.Object && p.ValueKind != JsonValueKind.Null)
                errors.Add($"events[{i}].properties", "Properties must be a JSON object.");
        errors.ThrowIfAny();

        var ids = events.Select(e => e.ExternalId).OfType<string>().ToList();
        var stored = ids.Count == 0 ? [] : await db.Events.Where(e => e.ExternalId != null && ids.Contains(e.ExternalId))
            .Select(e => e.ExternalId!).ToHashSetAsync(StringComparer.Ordinal, cancellationToken);
        var fresh = events.Where(e => e.ExternalId is null || !stored.Contains(e.ExternalId)).ToList();
        var customers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in fresh.Select(e => e.CustomerExternalId).Distinct(StringComparer.Ordinal))
            customers[id] = (await CustomerWrites.EnsureAsync(db, id, null, now, cancellationToken)).Id;
        var skus = fresh.Select(e => e.Sku).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var products = skus.Count == 0 ? [] : await db.Products.Where(p => skus.Contains(p.Sku))
            .ToDictionaryAsync(p => p.Sku, p => p.Id, StringComparer.Ordinal, cancellationToken);
        foreach (var e in fresh)
        {
            db.Events.Add(new CustomerEvent
            {
                ExternalId = e.ExternalId,
                CustomerId = customers[e.CustomerExternalId],
                Type = e.Type,
                OccurredAt = UtcTime.Normalize(e.OccurredAt),
                ProductId = e.Sku is { } sku && products.TryGetValue(sku, out var pid) ? pid : null,
                PropertiesJson = e.Properties is { ValueKind: JsonValueKind.Object } props ? props.GetRawText() : null,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        return new EventBatchResult(fresh.Count, events.Count - fresh.Count);
    }
}
