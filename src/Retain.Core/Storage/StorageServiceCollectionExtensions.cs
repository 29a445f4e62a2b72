using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Retain.Core.Import;

namespace Retain.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorageOptions"/> (section <c>Retain:Storage</c>), a pooled
    /// <see cref="IDbContextFactory{RetainDbContext}"/>, a scoped <see cref="RetainDbContext"/> taken from that pool,
    /// the process's <see cref="SqliteWriteGate"/>, the <see cref="DatabaseMigrator"/> and the <see cref="OrderImporter"/>.
    /// </summary>
    public static IServiceCollection AddRetainStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => TryResolve(o), "Retain:Storage:Database is not a usable PostgreSQL connection string or SQLite path.")
            .ValidateOnStart();
        services.AddPooledDbContextFactory<RetainDbContext>((sp, builder) =>
            RetainDbContextSetup.Configure(builder, sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContext());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteWriteGate>();
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<OrderImporter>();
        return services;
    }

    private static bool TryResolve(StorageOptions options)
    {
        try
        {
            options.Resolve();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
