using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Analytics.Measure;
using Retain.Core.Reports;

namespace Retain.Server.Measure;

/// <summary>Read-only measurement endpoints: the same <see cref="MeasureReport"/> that <c>retain report</c> prints.</summary>
public static class MeasureEndpoints
{
    public static IServiceCollection AddMeasure(this IServiceCollection services)
    {
        services.AddOptions<MeasureOptions>().BindConfiguration(MeasureOptions.SectionName);
        services.AddSingleton<ShopDataSource>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeasure(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/measure").WithTags("Measure")
            .RequireAuthorization(Auth.AuthPolicies.Read).RequireRateLimiting(Auth.ApiRateLimitOptions.PolicyName);
        group.MapGet("/report", GetReport).WithSummary("Every measurement for a date range, with the previous period beside it");
        group.MapGet("/kpis", GetKpis).WithSummary("Retention KPIs for a date range and the previous period of equal length");
        group.MapGet("/cohorts", GetCohorts).WithSummary("Acquisition-cohort retention (customers and revenue)");
        group.MapGet("/rfm", GetRfm).WithSummary("RFM quintile edges, score counts and named segments");
        group.MapGet("/trend", GetTrend).WithSummary("KPIs per month over the range");
        return app;
    }

    /// <summary>Query parameters shared by every measurement.</summary>
    public sealed record MeasureQuery(DateOnly? From, DateOnly? To, DateOnly? Snapshot, string? Cohort);

    internal static async Task<Results<Ok<MeasureReport>, ValidationProblem>> GetReport(
        [AsParameters] MeasureQuery query, ShopDataSource source, CancellationToken cancellationToken)
    {
        if (Validate(query) is { } errors)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await BuildAsync(query, source, cancellationToken));
    }

    internal static async Task<Results<Ok<KpiComparison>, ValidationProblem>> GetKpis(
        [AsParameters] MeasureQuery query, ShopDataSource source, CancellationToken cancellationToken)
    {
        if (Validate(query) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var scope = await ScopeAsync(query, source, cancellationToken);
        return TypedResults.Ok(Kpis.Compare(scope.Data, scope.Range));
    }

    internal static async Task<Results<Ok<CohortMatrix>, ValidationProblem>> GetCohorts(
        [AsParameters] MeasureQuery query, ShopDataSource source, CancellationToken cancellationToken)
    {
        if (Validate(query) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var scope = await ScopeAsync(query, source, cancellationToken);
        return TypedResults.Ok(Cohorts.Build(scope.Data, scope.Options.CohortGrain, scope.Range.End));
    }

    internal static async Task<Results<Ok<RfmSummary>, ValidationProblem>> GetRfm(
        [AsParameters] MeasureQuery query, ShopDataSource source, CancellationToken cancellationToken)
    {
        if (Validate(query) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var scope = await ScopeAsync(query, source, cancellationToken);
        return TypedResults.Ok(MeasureReportBuilder.RfmSummary(scope.Data, scope.Snapshot));
    }

    internal static async Task<Results<Ok<IReadOnlyList<PeriodKpis>>, ValidationProblem>> GetTrend(
        [AsParameters] MeasureQuery query, ShopDataSource source, CancellationToken cancellationToken)
    {
        if (Validate(query) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var scope = await ScopeAsync(query, source, cancellationToken);
        return TypedResults.Ok(Trend.Monthly(scope.Data, scope.Range));
    }

    private static async Task<MeasureReport> BuildAsync(MeasureQuery query, ShopDataSource source, CancellationToken cancellationToken)
    {
        var data = await source.GetAsync(cancellationToken);
        return MeasureReportBuilder.Build(data, ToOptions(query, data));
    }

    /// <summary>The data and the resolved period of a query, for endpoints that compute one section, not the whole report.</summary>
    private sealed record Scope(Retain.Analytics.Data.ShopData Data, MeasureReportOptions Options, DateRange Range, DateTime Snapshot);

    private static async Task<Scope> ScopeAsync(MeasureQuery query, ShopDataSource source, CancellationToken cancellationToken)
    {
        var data = await source.GetAsync(cancellationToken);
        var options = ToOptions(query, data);
        var (range, snapshot) = MeasureReportBuilder.Resolve(data, options);
        return new Scope(data, options, range, snapshot);
    }

    internal static MeasureReportOptions ToOptions(MeasureQuery query, Retain.Analytics.Data.ShopData data)
    {
        var whole = MeasureReportBuilder.WholeRange(data);
        var from = query.From ?? DateOnly.FromDateTime(whole.Start);
        var to = query.To ?? DateOnly.FromDateTime(whole.End.AddTicks(-1));
        return new MeasureReportOptions
        {
            Range = DateRange.FromDays(from, to),
            Snapshot = query.Snapshot?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            CohortGrain = string.Equals(query.Cohort, "week", StringComparison.OrdinalIgnoreCase) ? CohortGrain.Week : CohortGrain.Month,
        };
    }

    /// <summary>Field-level errors, or null when the query is valid.</summary>
    internal static Dictionary<string, string[]>? Validate(MeasureQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.From is { } from && query.To is { } to && from > to)
            errors["from"] = [$"'from' ({from:yyyy-MM-dd}) must not be after 'to' ({to:yyyy-MM-dd})."];
        if (query.Cohort is { } cohort && !cohort.Equals("month", StringComparison.OrdinalIgnoreCase) && !cohort.Equals("week", StringComparison.OrdinalIgnoreCase))
            errors["cohort"] = [$"'cohort' must be 'month' or 'week', not '{cohort}'."];
        return errors.Count == 0 ? null : errors;
    }
}
