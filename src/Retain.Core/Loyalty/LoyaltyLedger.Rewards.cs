using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>Spend points on a catalogue reward: the redemption and its one-time code are written in one transaction.</summary>
public sealed record RedeemReward(string Key, long CustomerId, long RewardId);

public sealed record RewardCodeResult(
    long TransactionId, long CustomerId, long RewardId, string Code, long Points, RewardKind Kind, decimal Value, string? Sku, DateTime ExpiresAt);

/// <summary>The checkout uses a code on an order; <see cref="Key"/> makes a retried checkout call harmless.</summary>
public sealed record ConsumeCode(string Code, string OrderRef, string Key);

public sealed record ConsumedCode(string Code, long CustomerId, RewardKind Kind, decimal Value, string? Sku, string OrderRef, DateTime ConsumedAt);

public sealed partial class LoyaltyLedger
{
    // No 0/O, 1/I/L: a shopper types these codes.
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 12;

    /// <summary>
    /// Spends the reward's cost (oldest lots first) and issues a unique code valid for the reward's validity. A
    /// repeat of the key returns the same code. Too few points, an inactive reward or a tier below the reward's
    /// minimum changes nothing.
    /// </summary>
    public Task<RewardCodeResult> RedeemRewardAsync(RedeemReward command, CancellationToken cancellationToken = default) =>
        RunAsync(command.Key, LoyaltyTransactionKind.Redeem, command, async s =>
        {
            var member = await s.MemberAsync(command.CustomerId, cancellationToken);
            var reward = await s.Db.LoyaltyRewards.AsNoTracking().FirstOrDefaultAsync(r => r.Id == command.RewardId && r.IsActive, cancellationToken)
                ?? throw new UnknownLoyaltyReferenceException($"Reward {command.RewardId}");
            if (reward.MinTier is not null)
            {
                var (_, rules) = await LoyaltyProgramme.RulesAtAsync(s.Db, s.Now, cancellationToken);
                var tiers = rules?.Tiers ?? [];
                if (TierEvaluator.Rank(tiers, member.Tier) < TierEvaluator.Rank(tiers, reward.MinTier) || member.Tier is null)
                    throw new LoyaltyStateException($"Reward {reward.Id} is for {reward.MinTier} members and above.");
            }
            var spendable = await s.SpendableAsync(member, cancellationToken);
            if (spendable < reward.Cost)
                throw new InsufficientPointsException(command.CustomerId, reward.Cost, spendable);
            await s.ConsumeAsync(member, reward.Cost, spendableOnly: true, preferAward: null, cancellationToken);
            s.Post(LoyaltyAccount.Redeemed, null, reward.Cost);
            var code = new LoyaltyRewardCode
            {
                Code = NewCode(), RewardId = reward.Id, CustomerId = command.CustomerId, TransactionId = s.Transaction.Id,
                RedemptionKey = command.Key, Points = reward.Cost, Kind = reward.Kind, Value = reward.Value, Sku = reward.Sku,
                IssuedAt = s.Now, ExpiresAt = s.Now + reward.CodeValidity, Status = RewardCodeStatus.Issued,
            };
            // A clash of two random codes fails on the unique index and the whole command runs again with a new one.
            s.Db.LoyaltyRewardCodes.Add(code);
            return new RewardCodeResult(s.Transaction.Id, command.CustomerId, reward.Id, code.Code, code.Points, code.Kind, code.Value, code.Sku, code.ExpiresAt);
        }, cancellationToken);

    /// <summary>
    /// Uses a code on an order, exactly once: a single conditional update from Issued to Consumed, which only one of
    /// any number of concurrent callers can win. The winner's retry (same key and order) gets the same answer.
    /// </summary>
    public async Task<ConsumedCode> ConsumeCodeAsync(ConsumeCode command, CancellationToken cancellationToken = default)
    {
        ValidateRef(command.OrderRef, "orderRef");
        if (string.IsNullOrWhiteSpace(command.Key) || command.Key.Length > LoyaltyTransactionConfiguration.KeyLength)
            throw new InvalidLoyaltyCommandException("key", $"An idempotency key of 1–{LoyaltyTransactionConfiguration.KeyLength} characters is required.");
        var code = NormalizeCode(command.Code);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.LoyaltyRewardCodes
            .Where(c => c.Code == code && c.Status == RewardCodeStatus.Issued && c.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, RewardCodeStatus.Consumed).SetProperty(c => c.ClosedAt, now)
                .SetProperty(c => c.OrderRef, command.OrderRef).SetProperty(c => c.ConsumeKey, command.Key), cancellationToken);
        var row = await db.LoyaltyRewardCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken)
            ?? throw new UnknownLoyaltyReferenceException($"Code '{code}'");
        if (row.Status == RewardCodeStatus.Consumed && row.ConsumeKey == command.Key && row.OrderRef == command.OrderRef)
            return new ConsumedCode(row.Code, row.CustomerId, row.Kind, row.Value, row.Sku, row.OrderRef, row.ClosedAt!.Value);
        throw Unusable(row, now);
    }

    /// <summary>The code's details when it can be used now; otherwise the reason it cannot, as the error.</summary>
    public async Task<LoyaltyRewardCode> CheckCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        code = NormalizeCode(code);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.LoyaltyRewardCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken)
            ?? throw new UnknownLoyaltyReferenceException($"Code '{code}'");
        var now = time.GetUtcNow().UtcDateTime;
        return row.Status == RewardCodeStatus.Issued && row.ExpiresAt > now ? row : throw Unusable(row, now);
    }

    /// <summary>
    /// Closes every unused code past its expiry, one transaction per code (key <c>code-expiry:{id}</c>): under
    /// <see cref="ExpiredCodePolicy.ReturnPoints"/> the redemption is cancelled in the same transaction. Returns how many.
    /// </summary>
    public async Task<int> ExpireCodesAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        now = UtcTime.Normalize(now);
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.LoyaltyRewardCodes.Where(c => c.Status == RewardCodeStatus.Issued && c.ExpiresAt <= now)
                .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        }
        var expired = 0;
        foreach (var codeId in due)
        {
            var result = await RunAsync($"code-expiry:{codeId}", LoyaltyTransactionKind.CancelRedemption, new { codeId }, async s =>
            {
                var code = await s.Db.LoyaltyRewardCodes.AsNoTracking().SingleAsync(c => c.Id == codeId, cancellationToken);
                if (code.Status != RewardCodeStatus.Issued || code.ExpiresAt > now)
                {
                    s.Abandon();
                    return null;
                }
                if (Options.ExpiredCodes == ExpiredCodePolicy.ReturnPoints)
                {
                    var redemption = await s.Db.LoyaltyTransactions.AsNoTracking().SingleAsync(t => t.Id == code.TransactionId, cancellationToken);
                    return await CancelAsync(s, redemption, RewardCodeStatus.Expired, cancellationToken);
                }
                // Forfeit: no points move; the transaction records the decision and closes the code.
                await s.MemberAsync(code.CustomerId, cancellationToken);
                var tracked = await s.Db.LoyaltyRewardCodes.SingleAsync(c => c.Id == codeId, cancellationToken);
                tracked.Status = RewardCodeStatus.Expired;
                tracked.ClosedAt = s.Now;
                return new PointsResult(s.Transaction.Id, code.CustomerId, 0);
            }, cancellationToken);
            expired += result is null ? 0 : 1;
        }
        return expired;
    }

    private static LoyaltyStateException Unusable(LoyaltyRewardCode row, DateTime now) => row.Status switch
    {
        RewardCodeStatus.Consumed => new LoyaltyStateException($"Code '{row.Code}' was already used on order '{row.OrderRef}'."),
        RewardCodeStatus.Cancelled => new LoyaltyStateException($"Code '{row.Code}' was cancelled."),
        _ when row.Status == RewardCodeStatus.Expired || row.ExpiresAt <= now => new LoyaltyStateException($"Code '{row.Code}' expired at {row.ExpiresAt:u}."),
        _ => new LoyaltyStateException($"Code '{row.Code}' cannot be used."),
    };

    private static string NormalizeCode(string code)
    {
        var normalized = (code ?? "").Trim().ToUpperInvariant();
        if (normalized.Length is 0 or > LoyaltyRewardCodeConfiguration.CodeLength)
            throw new InvalidLoyaltyCommandException("code", $"A code has 1–{LoyaltyRewardCodeConfiguration.CodeLength} characters.");
        return normalized;
    }

    private static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);
}
