using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>
/// Evaluates challenges for the members that did something new: it reads order awards and events past their own
/// watermarks (beside the order feed's), re-evaluates each member named over their whole history, and completes what
/// they reached. A member's badge is keyed per challenge and period, so a chunk read twice (a crash before the
/// watermark moved, two servers) pays nothing twice.
/// </summary>
/// <remarks>
/// Events carry no creation time, so on PostgreSQL one committed out of id order behind the watermark is only seen at
/// the member's next order or event; since each evaluation looks at the member's whole history, the badge is late, not lost.
/// </remarks>
public sealed partial class LoyaltyChallengeFeed(IDbContextFactory<RetainDbContext> contexts, LoyaltyLedger ledger, ILogger<LoyaltyChallengeFeed> logger)
{
    public const string Awards = "challenge-awards";
    public const string Events = "challenge-events";

    /// <summary>Evaluates the members behind the next <paramref name="chunk"/> awards and events; Applied is badges given.</summary>
    public async Task<FeedProgress> EvaluateNextAsync(int chunk, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var awardsAfter = (await FeedCursor.LoadAsync(db, Awards, cancellationToken)).Id;
        var eventsAfter = (await FeedCursor.LoadAsync(db, Events, cancellationToken)).Id;
        var awards = await db.LoyaltyOrderAwards.AsNoTracking().Where(a => a.Id > awardsAfter).OrderBy(a => a.Id).Take(chunk)
            .Select(a => new { a.Id, a.CustomerId }).ToListAsync(cancellationToken);
        var events = await db.Events.AsNoTracking().Where(e => e.Id > eventsAfter).OrderBy(e => e.Id).Take(chunk)
            .Select(e => new { e.Id, e.CustomerId }).ToListAsync(cancellationToken);
        if (awards.Count == 0 && events.Count == 0)
            return new FeedProgress("challenges", 0, 0, 0, awardsAfter);
        var customers = awards.Select(a => a.CustomerId).Concat(events.Select(e => e.CustomerId)).Distinct().Order().ToList();
        var applied = await EvaluateAsync(db, customers, cancellationToken);
        if (awards.Count > 0)
            await FeedCursor.SaveAsync(db, Awards, new FeedCursor(0, awards[^1].Id), cancellationToken);
        if (events.Count > 0)
            await FeedCursor.SaveAsync(db, Events, new FeedCursor(0, events[^1].Id), cancellationToken);
        return new FeedProgress("challenges", awards.Count + events.Count, applied, 0, awards.Count > 0 ? awards[^1].Id : awardsAfter);
    }

    private async Task<int> EvaluateAsync(RetainDbContext db, List<long> customers, CancellationToken ct)
    {
        var timeline = await RuleTimeline.LoadAsync(db, ct);
        if (timeline.Start is not { } start || !timeline.All.Any(r => r.Challenges.Count > 0))
            return 0;
        var types = timeline.All.SelectMany(r => r.Challenges).Select(c => c.EventType).OfType<string>().Distinct().ToList();
        var activity = await LoyaltyChallengeQueries.ActivityAsync(db, customers, types, start, ct);
        var held = (await db.LoyaltyBadges.AsNoTracking().Where(b => customers.Contains(b.CustomerId))
            .Select(b => new { b.CustomerId, b.ChallengeId, b.Period }).ToListAsync(ct)).ToLookup(b => b.CustomerId, b => (b.ChallengeId, b.Period));
        var applied = 0;
        foreach (var customer in customers)
        {
            var done = held[customer].ToHashSet();
            foreach (var completion in ChallengeEvaluator.Completions([.. activity[customer]], timeline.At, start, done))
            {
                try
                {
                    applied += await ledger.CompleteChallengeAsync(customer, completion, ct) is null ? 0 : 1;
                }
                catch (LoyaltyException ex)
                {
                    LogRefused(completion.ChallengeId, customer, ex.Message);
                }
            }
        }
        return applied;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loyalty: challenge {Challenge} of customer {Customer} was not completed: {Reason}")]
    private partial void LogRefused(string challenge, long customer, string reason);
}
