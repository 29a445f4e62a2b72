using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Retain.Core.Scores;

public static class ScoresServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="ScoreRunner"/> and the <see cref="JobLeases"/> (needs <c>AddRetainStorage</c>).</summary>
    public static IServiceCollection AddRetainScores(this IServiceCollection services)
    {
        services.TryAddSingleton<ScoreRunner>();
        services.TryAddSingleton<JobLeases>();
        return services;
    }
}
