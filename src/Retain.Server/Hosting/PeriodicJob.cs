namespace Retain.Server.Hosting;

/// <summary>
/// A background job that runs a pass at start and then every <see cref="Interval"/> until the host stops. A failed
/// pass is logged and the next tick tries again; the host stopping ends the loop quietly, wherever it was waiting.
/// </summary>
internal abstract class PeriodicJob : BackgroundService
{
    protected abstract TimeProvider Time { get; }

    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    protected abstract void OnPassFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
            return;
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            do
            {
                try
                {
                    await RunPassAsync(stoppingToken);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && stoppingToken.IsCancellationRequested))
                {
                    OnPassFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a pass cut short is finished by the next start (every pass is idempotent).
        }
    }
}
