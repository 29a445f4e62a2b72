using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Retain.Core.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>API keys and dashboard users (needs <c>AddRetainStorage</c>).</summary>
    public static IServiceCollection AddRetainSecurity(this IServiceCollection services)
    {
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<UserAccounts>();
        return services;
    }
}
