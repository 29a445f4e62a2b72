using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Loyalty;
using Retain.Server.Api;
using Retain.Server.Auth;

namespace Retain.Server.Loyalty;

/// <summary>The loyalty feature's services, background job and endpoints.</summary>
public static class LoyaltyApi
{
    public static IServiceCollection AddLoyaltyApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLoyalty(configuration);
        services.AddOptions<LoyaltyJobOptions>().BindConfiguration(LoyaltyJobOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LoyaltyJobService>();
        services.AddHostedService(sp => sp.GetRequiredService<LoyaltyJobService>());
        services.AddShopperAuthentication();
        return services;
    }

    public static IEndpointRouteBuilder MapLoyalty(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/loyalty", "Loyalty");
        group.MapProgramme();
        group.MapMembers();
        group.MapCodes();
        group.MapLiability();
        group.MapReferrals();
        group.MapChallenges();
        app.MapShopper();
        app.MapShopperEngagement();
        return app;
    }

    /// <summary>
    /// A ledger command: needs the ingest scope. Not <c>.Writes()</c>: the ledger runs each command in its own
    /// transaction with its own idempotency keys, and a second transaction around it would hold SQLite's write lock.
    /// </summary>
    internal static RouteHandlerBuilder Commands(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(AuthPolicies.Ingest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>Programme settings and corrections: the admin scope.</summary>
    internal static RouteHandlerBuilder Administers(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(AuthPolicies.Admin).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>A refused command as ProblemDetails: its status, and the field at fault with the reason.</summary>
    internal static ProblemHttpResult Problem(LoyaltyException ex, string field) =>
        Problem((int)ex.Kind, ex is IdempotencyConflictException ? WriteTransactionFilter.IdempotencyHeader : ex.Field ?? field, ex.Message);

    internal static ProblemHttpResult Problem(int status, string field, string reason) => TypedResults.Problem(
        statusCode: status,
        title: status switch { 404 => "Not found", 409 => "Conflict", _ => "The request cannot be processed" },
        detail: reason,
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });

    internal static ProblemHttpResult UnknownCustomer(string externalId) =>
        Problem(StatusCodes.Status404NotFound, "externalId", $"No customer has the id '{externalId}'.");

    /// <summary>
    /// The ledger key for a command from the API: the caller's <c>Idempotency-Key</c>, namespaced by the command so a
    /// key reused for a different kind of command cannot answer with the other's result. Null (and a problem) when missing.
    /// </summary>
    internal static string? LedgerKey(HttpContext http, string command, out ProblemHttpResult? problem)
    {
        var key = http.Request.Headers[WriteTransactionFilter.IdempotencyHeader].ToString().Trim();
        problem = key.Length is 0 or > 150
            ? Problem(StatusCodes.Status400BadRequest, WriteTransactionFilter.IdempotencyHeader, "Ledger commands need an Idempotency-Key header of 1–150 characters.")
            : null;
        return problem is null ? $"api:{command}:{key}" : null;
    }
}
