using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Retain.Core.Products;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Catalog;

/// <summary>Products and categories, upserted in bulk by SKU and category id.</summary>
public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/products", "Catalog");
        group.MapPut("/", Put).Writes().WithSummary("Create or update products and categories in bulk");
        return app;
    }

    public sealed record CategoryRequest(
        [property: Required, MaxLength(ColumnSizes.ExternalId)] string ExternalId,
        [property: Required, MaxLength(500)] string Name,
        [property: MaxLength(ColumnSizes.ExternalId)] string? ParentExternalId);

    public sealed record ProductRequest(
        [property: Required, MaxLength(ColumnSizes.Sku)] string Sku,
        [property: Required, MaxLength(500)] string Name,
        [property: Range(0, Orders.OrderEndpoints.MaxUnitPrice)] decimal? Price,
        [property: StringLength(3, MinimumLength = 3)] string? Currency,
        bool? InStock,
        [property: MaxLength(ColumnSizes.ExternalId)] string? CategoryExternalId);

    public sealed record CatalogRequest(List<CategoryRequest>? Categories, List<ProductRequest>? Products);

    internal static async Task<Results<Ok<CatalogResult>, ValidationProblem>> Put(
        CatalogRequest request, RetainDbContext db, TimeProvider time, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxBatchSize;
        var errors = new Dictionary<string, string[]>();
        if (request.Categories?.Count > max)
            errors["categories"] = [$"At most {max} per request (Retain:Api:MaxBatchSize)."];
        if (request.Products?.Count > max)
            errors["products"] = [$"At most {max} per request (Retain:Api:MaxBatchSize)."];
        if ((request.Categories?.Count ?? 0) + (request.Products?.Count ?? 0) == 0)
            errors["products"] = ["Send at least one product or category."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var result = await ProductWrites.UpsertAsync(db,
            [.. (request.Categories ?? []).Select(c => new CategoryInput(c.ExternalId, c.Name, c.ParentExternalId))],
            [.. (request.Products ?? []).Select(p => new ProductInput(p.Sku, p.Name, p.Price, p.Currency, p.InStock, p.CategoryExternalId))],
            time.GetUtcNow().UtcDateTime, cancellationToken);
        return TypedResults.Ok(result);
    }
}
