using Microsoft.EntityFrameworkCore;

namespace Retain.Core.Loyalty;

/// <summary>A challenge a member reached; the key is per member, challenge and period, so it pays once.</summary>
public sealed record CompleteChallenge(long CustomerId, string ChallengeId, long Period)
{
    public string Key => $"challenge:{ChallengeId}:{CustomerId}:{Period}";
}

public sealed record BadgeResult(long TransactionId, long CustomerId, string ChallengeId, long Period, string Badge, long Points);

public sealed partial class LoyaltyLedger
{
    /// <summary>
    /// Gives the badge (and points) of <paramref name="completion"/> under the rule version that defined it. The
    /// command's content is only who, which challenge and which period, so a later pass that dates the completion
    /// differently (an older order imported since) repeats it rather than conflicting; a badge already held is a no-op.
    /// </summary>
    public Task<BadgeResult?> CompleteChallengeAsync(long customerId, ChallengeCompletion completion, CancellationToken cancellationToken = default)
    {
        var command = new CompleteChallenge(customerId, completion.ChallengeId, completion.Period);
        return RunAsync(command.Key, LoyaltyTransactionKind.Challenge, command, async s =>
        {
            var member = await s.MemberAsync(customerId, cancellationToken);
            if (await s.Db.LoyaltyBadges.AnyAsync(b => b.CustomerId == customerId && b.ChallengeId == completion.ChallengeId && b.Period == completion.Period, cancellationToken))
            {
                s.Abandon();
                return null;
            }
            var rules = LoyaltyProgramme.Read(await s.Db.LoyaltyRuleSets.AsNoTracking().SingleAsync(r => r.Id == completion.RuleSetId, cancellationToken));
            var points = completion.Rule.Points;
            s.Transaction.RuleSetId = completion.RuleSetId;
            s.Db.LoyaltyBadges.Add(new LoyaltyBadge
            {
                CustomerId = customerId, ChallengeId = completion.ChallengeId, Period = completion.Period, Badge = completion.Rule.Badge,
                Points = points, RuleSetId = completion.RuleSetId, TransactionId = s.Transaction.Id, EarnedAt = completion.At,
            });
            s.Post(LoyaltyAccount.Issued, null, -points);
            s.CreditNew(member, points, completion.At, completion.At + rules.ExpiryPeriod);
            return (BadgeResult?)new BadgeResult(s.Transaction.Id, customerId, completion.ChallengeId, completion.Period, completion.Rule.Badge, points);
        }, cancellationToken);
    }
}
