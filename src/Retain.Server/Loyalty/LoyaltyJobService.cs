using Microsoft.Extensions.Options;
using Retain.Server.Hosting;
using Retain.Core.Loyalty;
using Retain.Core.Scores;

namespace Retain.Server.Loyalty;

/// <summary>What one pass of the loyalty job did.</summary>
public sealed record LoyaltyPassSummary(int OrdersEarned, int RefundsReversed, int Released, long PointsExpired, int CodesExpired, int TiersReviewed);

/// <summary>
/// The loyalty programme's recurring work, every <see cref="LoyaltyJobOptions.Interval"/>: earn for new orders,
/// reverse refunds, release pending points whose return window closed, expire lots and unused codes, review tiers
/// whose period ended. Servers sharing a database take turns through the job's lease, renewed after each chunk;
/// every step is idempotent, so a pass cut short (a crash, a lost lease) is simply finished by the next.
/// </summary>
internal sealed partial class LoyaltyJobService(
    LoyaltyOrderFeed feed, LoyaltyChallengeFeed challenges, LoyaltyLedger ledger, JobLeases leases, IOptions<LoyaltyJobOptions> options,
    TimeProvider time, ILogger<LoyaltyJobService> logger) : PeriodicJob
{
    public const string JobName = "loyalty";
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override TimeProvider Time => time;

    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override void OnPassFailed(Exception exception) => LogFailed(exception);

    /// <summary>One pass under the lease; null when another server holds it.</summary>
    internal async Task<LoyaltyPassSummary?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!await RenewAsync(cancellationToken))
        {
            LogLeaseHeld();
            return null;
        }
        try
        {
            var earned = await DrainAsync(c => feed.EarnNextAsync(o.ChunkSize, c), cancellationToken);
            var reversed = await DrainAsync(c => feed.RefundNextAsync(o.ChunkSize, c), cancellationToken);
            if (earned < 0 || reversed < 0)
                return null;
            var released = await ledger.ReleasePendingAsync(Now(), cancellationToken);
            // After the release: a referral pays once its referred customer's first paid order is released.
            var referrals = await ledger.SettleReferralsAsync(Now(), cancellationToken);
            var badges = await DrainAsync(c => challenges.EvaluateNextAsync(o.ChunkSize, c), cancellationToken);
            if (badges < 0)
                return null;
            if (referrals + badges > 0)
                LogEngagement(referrals, badges);
            var expired = await ledger.ExpireLotsAsync(Now(), cancellationToken);
            var codes = await ledger.ExpireCodesAsync(Now(), cancellationToken);
            var tiers = await ledger.ReviewTiersAsync(Now(), cancellationToken);
            var summary = new LoyaltyPassSummary(earned, reversed, released, expired, codes, tiers);
            if (summary != new LoyaltyPassSummary(0, 0, 0, 0, 0, 0))
                LogPass(earned, reversed, released, expired, codes, tiers);
            return summary;
        }
        finally
        {
            await leases.ReleaseAsync(JobName, _owner, Now(), CancellationToken.None);
        }
    }

    /// <summary>Runs a feed chunk by chunk until it has nothing left; -1 when the lease was lost on the way.</summary>
    private async Task<int> DrainAsync(Func<CancellationToken, Task<FeedProgress>> next, CancellationToken cancellationToken)
    {
        var applied = 0;
        while (true)
        {
            var progress = await next(cancellationToken);
            applied += progress.Applied;
            if (progress.Read == 0)
                return applied;
            LogProgress(progress.Feed, progress.Read, progress.Applied, progress.Skipped, progress.Watermark);
            if (!await RenewAsync(cancellationToken))
                return -1;
        }
    }

    private Task<bool> RenewAsync(CancellationToken cancellationToken) =>
        leases.TryAcquireAsync(JobName, _owner, options.Value.Lease, Now(), cancellationToken);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loyalty: {Feed} chunk: {Read} read, {Applied} applied, {Skipped} skipped, watermark {Watermark}")]
    private partial void LogProgress(string feed, int read, int applied, int skipped, long watermark);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loyalty: {Earned} orders earned, {Reversed} refunds reversed, {Released} released, {Expired} points expired, {Codes} codes expired, {Tiers} tiers reviewed")]
    private partial void LogPass(int earned, int reversed, int released, long expired, int codes, int tiers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loyalty: {Referrals} referrals settled, {Badges} badges given")]
    private partial void LogEngagement(int referrals, int badges);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loyalty: another server holds the job's lease")]
    private partial void LogLeaseHeld();

    [LoggerMessage(Level = LogLevel.Error, Message = "Loyalty: the pass failed; the next one carries on from the watermark")]
    private partial void LogFailed(Exception exception);
}
