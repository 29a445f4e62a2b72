using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Retain.Core.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>API keys and dashboard users (needs <c>AddRetainStorage</c>).</summary>
    public static IServiceCollection AddRetainSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .Validate(o => o.ApiKeyCacheLifetime >= TimeSpan.Zero && o.ApiKeyCacheLifetime <= TimeSpan.FromHours(1), "Retain:Security:ApiKeyCacheLifetime must be between 0 and 1 hour.")
            .ValidateOnStart();
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<UserAccounts>();
        return services;
    }
}
