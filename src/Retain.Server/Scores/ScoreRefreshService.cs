using Microsoft.Extensions.Options;
using Retain.Server.Hosting;
using Retain.Core.Scores;

namespace Retain.Server.Scores;

/// <summary>
/// Rescores every customer when the data changed since the last run (import, edits, merges), checking every
/// <see cref="ScoresOptions.Interval"/>. Several servers may share a database: a run needs the job's lease first.
/// </summary>
internal sealed partial class ScoreRefreshService(
    ScoreRunner runner, JobLeases leases, IOptions<ScoresOptions> options, TimeProvider time, ILogger<ScoreRefreshService> logger) : PeriodicJob
{
    public const string JobName = "scores";
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override TimeProvider Time => time;

    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override void OnPassFailed(Exception exception) => LogFailed(exception);

    /// <summary>One check: take the lease, rescore if the data changed, give the lease back.</summary>
    internal async Task<ScoreRunSummary?> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!await leases.TryAcquireAsync(JobName, _owner, options.Value.Lease, time.GetUtcNow().UtcDateTime, cancellationToken))
        {
            LogLeaseHeld();
            return null;
        }
        try
        {
            var progress = new SynchronousProgress(LogProgress);
            var summary = await runner.RunAsync(onlyIfChanged: true, progress: progress, cancellationToken: cancellationToken);
            if (summary.Run is { } run)
                LogScored(run.Customers, run.ModelVersion, (summary.Load + summary.Score + summary.Store).TotalSeconds);
            else
                LogUnchanged();
            return summary;
        }
        finally
        {
            await leases.ReleaseAsync(JobName, _owner, time.GetUtcNow().UtcDateTime, CancellationToken.None);
        }
    }

    // Progress<T> posts to the thread pool; log lines should come in order, as they happen.
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scores: {Step}")]
    private partial void LogProgress(string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scores: rescored {Customers} customers with {ModelVersion} in {Seconds:0.0} s")]
    private partial void LogScored(int customers, string modelVersion, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scores: data unchanged since the last run")]
    private partial void LogUnchanged();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scores: another server holds the job's lease")]
    private partial void LogLeaseHeld();

    [LoggerMessage(Level = LogLevel.Error, Message = "Scores: the run failed; the previous scores stay")]
    private partial void LogFailed(Exception exception);
}
