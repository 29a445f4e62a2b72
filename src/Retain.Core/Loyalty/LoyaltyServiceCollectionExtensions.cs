using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Retain.Core.Loyalty;

public static class LoyaltyServiceCollectionExtensions
{
    /// <summary>Registers <see cref="LoyaltyOptions"/> (section <c>Retain:Loyalty</c>), the <see cref="LoyaltyLedger"/>, the <see cref="LoyaltyProgramme"/> and the order feed.</summary>
    public static IServiceCollection AddLoyalty(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LoyaltyOptions>()
            .Bind(configuration.GetSection(LoyaltyOptions.SectionName))
            .Validate(o => o.MaxAttempts >= 1, "Retain:Loyalty:MaxAttempts must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Storage.SqliteWriteGate>();
        services.TryAddSingleton<LoyaltyLedger>();
        services.TryAddSingleton<LoyaltyProgramme>();
        services.TryAddSingleton<LoyaltyOrderFeed>();
        services.TryAddSingleton<LoyaltyChallengeFeed>();
        services.TryAddSingleton<LoyaltyReferralService>();
        services.TryAddSingleton<LoyaltyDemo>();
        services.TryAddSingleton<LoyaltyEngagementDemo>();
        services.TryAddSingleton<Scores.JobLeases>();
        return services;
    }
}
