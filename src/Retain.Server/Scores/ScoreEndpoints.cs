using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Scores;
using Retain.Core.Storage;
using Retain.Server.Api;

namespace Retain.Server.Scores;

/// <summary>Read endpoints over the stored scores of the newest run, and the job that keeps them current.</summary>
public static class ScoreEndpoints
{
    public const int MaxPageSize = 500;

    public static IServiceCollection AddScores(this IServiceCollection services)
    {
        services.AddRetainScores();
        services.AddOptions<ScoresOptions>().BindConfiguration(ScoresOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<ScoreRefreshService>();
        return services;
    }

    public static IEndpointRouteBuilder MapScores(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1", "Scores");
        group.MapGet("/customers/{externalId}/scores", GetCustomerScores).Reads()
            .WithSummary("A customer's latest scores: P(alive), purchases and churn in 90 days, 12-month CLV, next order, with intervals");
        group.MapGet("/scores", GetScores).Reads()
            .WithSummary("Scored customers of a segment, paged: at-risk (riskiest first) or vip (most valuable first)");
        return app;
    }

    internal static async Task<Results<Ok<CustomerScoresResponse>, ProblemHttpResult>> GetCustomerScores(
        string externalId, RetainDbContext db, CancellationToken cancellationToken)
    {
        if (await ScoreQueries.LatestAsync(db, externalId, cancellationToken) is { } scores)
            return TypedResults.Ok(scores);
        var known = await db.Customers.AnyAsync(c => c.ExternalId == externalId, cancellationToken);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: known ? "Customer not scored yet" : "Unknown customer",
            detail: known
                ? $"Customer '{externalId}' has no scores yet: run 'retain score' or wait for the background job."
                : $"No customer has the id '{externalId}'.");
    }

    /// <summary>Query parameters of the score list.</summary>
    public sealed record ScoreListQuery(string? Segment, int? Page, int? PageSize);

    internal static async Task<Results<Ok<ScorePage>, ValidationProblem>> GetScores(
        [AsParameters] ScoreListQuery query, RetainDbContext db, CancellationToken cancellationToken)
    {
        if (Validate(query, out var segment) is { } errors)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await ScoreQueries.PageAsync(db, segment, query.Page ?? 1, query.PageSize ?? 50, cancellationToken));
    }

    /// <summary>Field-level errors, or null when the query is valid.</summary>
    internal static Dictionary<string, string[]>? Validate(ScoreListQuery query, out ScoreSegment segment)
    {
        var errors = new Dictionary<string, string[]>();
        segment = ScoreSegment.AtRisk;
        switch (query.Segment?.ToLowerInvariant())
        {
            case "at-risk":
                break;
            case "vip":
                segment = ScoreSegment.Vip;
                break;
            default:
                errors["segment"] = [$"'segment' must be 'at-risk' or 'vip', not '{query.Segment}'."];
                break;
        }
        if (query.Page is < 1)
            errors["page"] = ["'page' must be 1 or more."];
        if (query.PageSize is < 1 or > MaxPageSize)
            errors["pageSize"] = [$"'pageSize' must be between 1 and {MaxPageSize}."];
        return errors.Count == 0 ? null : errors;
    }
}
