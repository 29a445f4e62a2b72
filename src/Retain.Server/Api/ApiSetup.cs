using Retain.Server.Auth;
using Scalar.AspNetCore;
using Retain.Server.Catalog;
using Retain.Server.Customers;
using Retain.Server.Events;
using Retain.Server.Measure;
using Retain.Server.Orders;
using Retain.Server.Webhooks;

namespace Retain.Server.Api;

/// <summary>The shop-facing API: options, validation, error mapping and every feature's endpoints.</summary>
public static class ApiSetup
{
    public static IServiceCollection AddRetainApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddValidation();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Malformed JSON and unbindable parameters throw, so ApiExceptionHandler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<SqliteWriteBatches>();
        services.AddSingleton<Core.Orders.CurrencyRates>();
        services.AddSingleton<Core.Products.ProductIds>();
        services.AddOptions<ShopifyWebhookOptions>().BindConfiguration(ShopifyWebhookOptions.SectionName);
        return services;
    }

    public static IApplicationBuilder UseApiRequestLimits(this IApplicationBuilder app) => app.UseMiddleware<ApiRequestLimits>();

    public static IEndpointRouteBuilder MapRetainApi(this IEndpointRouteBuilder app)
    {
        app.MapAuth();
        app.MapCustomers();
        app.MapOrders();
        app.MapCatalog();
        app.MapEvents();
        app.MapSegments();
        app.MapShopifyWebhooks();
        // The API reference UI: Scalar's assets are embedded in its package, so the page works with no internet.
        app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts().DisableTelemetry());
        return app;
    }

    /// <summary>A feature's group: tagged for OpenAPI and rate-limited per caller.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix).WithTags(tag).RequireRateLimiting(ApiRateLimitOptions.PolicyName);

    /// <summary>A read: needs the read scope.</summary>
    public static RouteHandlerBuilder Reads(this RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization(AuthPolicies.Read);

    /// <summary>A write: needs the ingest scope and runs as one transaction (with Idempotency-Key support).</summary>
    public static RouteHandlerBuilder Writes(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(AuthPolicies.Ingest).AddEndpointFilter<WriteTransactionFilter>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>Field errors for an external id taken from the route, or null when it is fine.</summary>
    public static Dictionary<string, string[]>? CheckId(string value, string field) =>
        string.IsNullOrWhiteSpace(value) || value.Length > Core.Storage.ColumnSizes.ExternalId
            ? new() { [field] = [$"Must be 1 to {Core.Storage.ColumnSizes.ExternalId} characters."] }
            : null;
}
