using Microsoft.Extensions.Diagnostics.HealthChecks;
using Retain.Core.Storage;
using Retain.Server.Api;
using Retain.Server.Auth;
using Retain.Server.Cli;
using Retain.Server.Dashboard;
using Retain.Server.Loyalty;
using Retain.Server.Measure;
using Retain.Server.Scores;
using Retain.Server.Recommendations;

namespace Retain.Server.Hosting;

/// <summary>Builds the web application: the same services as every CLI verb, plus HTTP endpoints.</summary>
public static class ServerHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="args">Passed to the web host (e.g. <c>--urls</c>).</param>
    /// <param name="configure">Adds configuration on top of the defaults (the CLI's <c>--db</c>, a test's database).</param>
    /// <param name="customize">Last-minute changes to the builder (tests swap the server for an in-memory one).</param>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        // Request logs at Information drown everything else on a terminal. These defaults go under every other source
        // (appsettings, environment, command line, which the builder already reads), so a deployment can turn them back on.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            },
        });
        configure?.Invoke(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.AddRetainStorage(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddMeasure();
        builder.Services.AddRetainAuth();
        builder.Services.AddRetainApi();
        builder.Services.AddScores();
        builder.Services.AddRecommendations();
        builder.Services.AddDashboard();
        builder.Services.AddDashboardPages();
        builder.Services.AddLoyaltyApi(builder.Configuration);
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiRequestLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // Liveness says the process answers; readiness also needs the database.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapMeasure();
        app.MapRetainApi();
        app.MapScores();
        app.MapRecommendations();
        app.MapDashboard();
        app.MapDashboardPages();
        app.MapLoyalty();
        return app;
    }

    /// <summary>Serves until stopped, printing where. The caller has migrated the database.</summary>
    public static async Task<int> RunAsync(WebApplication app, string? banner = null)
    {
        await app.StartAsync();
        app.Services.GetRequiredService<Measure.ShopDataSource>().WarmUpInBackground(app.Lifetime.ApplicationStopping);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        Console.WriteLine($"Retain is serving {CliHost.Describe(options)}");
        foreach (var url in app.Urls)
        {
            Console.WriteLine($"  Dashboard: {url}/   API: {url}/api/v1/measure/report   API reference: {url}/docs/v1   Health: {url}/health");
        }
        if (banner is not null)
            Console.WriteLine(banner);
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync();
        return 0;
    }
}

/// <summary>Ready when the database answers.</summary>
internal sealed class DatabaseHealthCheck(Microsoft.EntityFrameworkCore.IDbContextFactory<RetainDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the database does not answer");
    }
}
