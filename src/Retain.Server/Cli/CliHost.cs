using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Server.Cli;

/// <summary>The <c>--db</c> and <c>--data-dir</c> options every verb that touches the database accepts.</summary>
public sealed class StorageCliOptions
{
    public Option<string?> Db { get; } = new("--db")
    {
        Description = "Database: a PostgreSQL connection string (Host=…) or a SQLite file; default <data-dir>/retain.db",
        HelpName = "database",
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder for the SQLite database and other local files (default ./data)",
        HelpName = "folder",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Db);
        command.Options.Add(DataDir);
    }
}

/// <summary>
/// Builds the configuration and the service collection the server uses, so every CLI verb shares the same DI setup:
/// appsettings.json, appsettings.{environment}.json, environment variables (<c>Retain__Storage__Database</c>), then
/// the command-line options, last one wins.
/// </summary>
public static class CliHost
{
    /// <summary>Adds the command line's storage options on top of <paramref name="configuration"/> (for <c>serve</c>'s WebApplicationBuilder too).</summary>
    public static IConfigurationBuilder AddStorageOverrides(IConfigurationBuilder configuration, ParseResult parse, StorageCliOptions options)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(options.Db) is { Length: > 0 } db)
            overrides[$"{StorageOptions.SectionName}:Database"] = db;
        if (parse.GetValue(options.DataDir) is { Length: > 0 } dataDir)
            overrides[$"{StorageOptions.SectionName}:DataDirectory"] = dataDir;
        return configuration.AddInMemoryCollection(overrides);
    }

    public static IConfiguration BuildConfiguration(ParseResult parse, StorageCliOptions options)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables();
        return AddStorageOverrides(builder, parse, options).Build();
    }

    /// <summary>The services every verb and the server share.</summary>
    public static IServiceCollection AddRetainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddLogging(logging =>
        {
            // Verbs print their own results; logs are for warnings unless the Logging section asks for more.
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddSimpleConsole(o => o.SingleLine = true);
        });
        services.AddRetainStorage(configuration);
        services.AddRetainScores();
        return services;
    }

    /// <summary>A service provider for one CLI verb; dispose it when the verb ends.</summary>
    public static ServiceProvider BuildServices(ParseResult parse, StorageCliOptions options, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection().AddRetainServices(BuildConfiguration(parse, options));
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Where the configured database is, for messages, without credentials.</summary>
    public static string Describe(StorageOptions options)
    {
        var resolved = options.Resolve();
        if (resolved.Provider == DatabaseProvider.Postgres)
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(resolved.ConnectionString);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
        }
        return $"SQLite {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(resolved.ConnectionString).DataSource}";
    }
}
