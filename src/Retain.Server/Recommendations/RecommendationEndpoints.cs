using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Recommendations;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Recommendations;

/// <summary>Recommendations for a customer, similar products and bought-together for a basket, each with its reason.</summary>
public static class RecommendationEndpoints
{
    private const int MaxTop = 100;

    public static IServiceCollection AddRecommendations(this IServiceCollection services)
    {
        services.AddOptions<RecommendationOptions>().BindConfiguration(RecommendationOptions.SectionName)
            .Validate(o => o.RebuildEvery > TimeSpan.Zero, "Retain:Recommendations:RebuildEvery must be positive")
            .Validate(o => o.TuneEvery >= TimeSpan.Zero, "Retain:Recommendations:TuneEvery must not be negative").ValidateOnStart();
        services.AddSingleton<RecommendationService>();
        services.AddHostedService<RecommendationRebuilder>();
        return services;
    }

    public static IEndpointRouteBuilder MapRecommendations(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/recommendations", "Recommendations");
        group.MapGet("/customers/{externalId}", ForCustomer).Reads().WithSummary("A customer's top-N products, each with its reason");
        group.MapGet("/products/{sku}/similar", Similar).Reads().WithSummary("Products bought by the same customers");
        // A basket lookup writes nothing: a read, whatever its verb.
        group.MapPost("/basket", Basket).Reads().WithSummary("Products often bought together with a basket");
        return app;
    }

    public sealed record RecommendationsResponse(string? Customer, DateTime TrainedThrough, IReadOnlyList<RecommendedProduct> Items);
    public sealed record BasketRequest(IReadOnlyList<string>? Skus, int? Top);

    internal static async Task<Results<Ok<RecommendationsResponse>, ProblemHttpResult, ValidationProblem>> ForCustomer(
        string externalId, int? top, string? category, bool? excludeBought,
        RecommendationService service, IDbContextFactory<RetainDbContext> contexts, CancellationToken cancellationToken)
    {
        if (ValidateTop(top) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var snapshot = await service.GetAsync(cancellationToken);
        if (!snapshot.HasHistory(externalId))
        {
            // Known customers without purchases get the popular fallback; unknown ids are a 404.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.Customers.AnyAsync(c => c.ExternalId == externalId, cancellationToken))
                return NotFound($"No customer with external id '{externalId}'.");
        }
        var items = snapshot.ForCustomer(externalId, top ?? 10, string.IsNullOrWhiteSpace(category) ? null : category, excludeBought ?? false);
        return TypedResults.Ok(new RecommendationsResponse(externalId, snapshot.TrainedThrough, items));
    }

    internal static async Task<Results<Ok<RecommendationsResponse>, ProblemHttpResult, ValidationProblem>> Similar(
        string sku, int? top, RecommendationService service, CancellationToken cancellationToken)
    {
        if (ValidateTop(top) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var snapshot = await service.GetAsync(cancellationToken);
        return snapshot.Similar(sku, top ?? 10) is { } items
            ? TypedResults.Ok(new RecommendationsResponse(null, snapshot.TrainedThrough, items))
            : NotFound($"No product with SKU '{sku}'.");
    }

    internal static async Task<Results<Ok<RecommendationsResponse>, ValidationProblem>> Basket(
        BasketRequest request, RecommendationService service, CancellationToken cancellationToken)
    {
        if (request.Skus is not { Count: > 0 } skus || skus.Any(string.IsNullOrWhiteSpace))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["skus"] = ["Give at least one SKU, none blank."] });
        if (ValidateTop(request.Top) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var snapshot = await service.GetAsync(cancellationToken);
        return TypedResults.Ok(new RecommendationsResponse(null, snapshot.TrainedThrough, snapshot.BoughtTogether(skus, request.Top ?? 10)));
    }

    private static Dictionary<string, string[]>? ValidateTop(int? top) =>
        top is null or (>= 1 and <= MaxTop) ? null
        : new Dictionary<string, string[]> { ["top"] = [$"top must be between 1 and {MaxTop}."] };

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
