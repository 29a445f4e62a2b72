using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Retain.Core.Events;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Events;

/// <summary>Behavioural events (viewed_product, added_to_cart, …) in batches.</summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/events", "Events");
        group.MapPost("/", Post).Writes().WithSummary("Ingest a batch of events (an external id makes each one idempotent)");
        return app;
    }

    public sealed record EventRequest(
        [property: MaxLength(ColumnSizes.ExternalId)] string? ExternalId,
        [property: Required, MaxLength(ColumnSizes.ExternalId)] string CustomerExternalId,
        [property: Required, MaxLength(ColumnSizes.ShortText)] string Type,
        [property: Required] DateTime? OccurredAt,
        [property: MaxLength(ColumnSizes.Sku)] string? Sku,
        JsonElement? Properties);

    public sealed record EventBatchRequest([property: Required, MinLength(1)] List<EventRequest> Events);

    internal static async Task<Results<Created<EventBatchResult>, Ok<EventBatchResult>, ValidationProblem>> Post(
        EventBatchRequest request, RetainDbContext db, TimeProvider time, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (request.Events.Count > options.Value.MaxBatchSize)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["events"] = [$"At most {options.Value.MaxBatchSize} per request (Retain:Api:MaxBatchSize)."] });
        var result = await EventWrites.IngestAsync(db,
            [.. request.Events.Select(e => new EventInput(e.ExternalId, e.CustomerExternalId, e.Type, e.OccurredAt!.Value, e.Sku, e.Properties))],
            time.GetUtcNow().UtcDateTime, cancellationToken);
        return result.Accepted > 0 ? TypedResults.Created((string?)null, result) : TypedResults.Ok(result);
    }
}
