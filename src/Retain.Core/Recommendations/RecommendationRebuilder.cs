using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Retain.Core.Recommendations;

/// <summary>Retrains the recommender every <see cref="RecommendationOptions.RebuildEvery"/> when the orders changed.</summary>
public sealed partial class RecommendationRebuilder(
    RecommendationService service, IOptions<RecommendationOptions> options, TimeProvider time, ILogger<RecommendationRebuilder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RebuildEvery, time);
        do
        {
            try
            {
                await service.RebuildAsync(force: false, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed retrain keeps the previous model serving; the next tick tries again.
                Failed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recommender retraining failed; the previous model keeps serving")]
    private partial void Failed(Exception exception);
}
