using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Retain.Analytics.Measure;
using Retain.Core.Storage;

namespace Retain.Core.Scores;

/// <summary>
/// The segments a score run defines, by the names the API and the loyalty rules use: the two lists (<c>at-risk</c>,
/// <c>vip</c>) and the named RFM segments (<c>rfm:champions</c>, <c>rfm:cant-lose-them</c> …). The prefix keeps RFM's
/// "At Risk" (bought often, long ago) apart from the at-risk list (the churn model's prediction).
/// </summary>
public static partial class ScoredSegments
{
    public const string AtRisk = "at-risk";
    public const string Vip = "vip";

    private static readonly Dictionary<RfmSegment, string> RfmNames =
        Enum.GetValues<RfmSegment>().ToDictionary(s => s, s => "rfm:" + WordStart().Replace(s.ToString(), "-$1").ToLowerInvariant());

    public static IReadOnlyList<string> Names { get; } = [AtRisk, Vip, .. RfmNames.Values];

    public static string RfmName(RfmSegment segment) => RfmNames[segment];

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}

/// <summary>Which scored segments a customer is in, in one run; <see cref="None"/> for a customer the run did not score.</summary>
public readonly record struct SegmentMembership(bool AtRisk, bool Vip, RfmSegment? Rfm)
{
    public static SegmentMembership None { get; } = new(false, false, null);

    public bool Contains(string segment) => segment switch
    {
        ScoredSegments.AtRisk => AtRisk,
        ScoredSegments.Vip => Vip,
        _ => Rfm is { } r && segment == ScoredSegments.RfmName(r),
    };

    internal static SegmentMembership Of(CustomerScore s, ScoreRun run) => new(
        s.ChurnProbability >= ScoreQueries.AtRiskThreshold,
        s.Clv12Months is { } clv && run.VipThreshold is { } t && clv >= t,
        s is { RecencyScore: { } r, FrequencyScore: { } f } ? RfmSegments.Of(r, f) : null);
}

/// <summary>Reads segment membership from the newest score run (segments are as current as the scores).</summary>
public static class SegmentMembershipQueries
{
    /// <summary>One customer's membership in the newest run, with the run's id (null when nothing was scored yet).</summary>
    public static async Task<(long? RunId, SegmentMembership Membership)> ForCustomerAsync(RetainDbContext db, long customerId, CancellationToken cancellationToken = default)
    {
        var run = await ScoreQueries.NewestRunAsync(db, cancellationToken);
        if (run is null)
            return (null, SegmentMembership.None);
        var score = await db.CustomerScores.AsNoTracking().FirstOrDefaultAsync(s => s.RunId == run.Id && s.CustomerId == customerId, cancellationToken);
        return (run.Id, score is null ? SegmentMembership.None : SegmentMembership.Of(score, run));
    }

    /// <summary>Every scored customer's membership in the newest run, by internal customer id (the simulation's input).</summary>
    public static async Task<IReadOnlyDictionary<long, SegmentMembership>> AllAsync(RetainDbContext db, CancellationToken cancellationToken = default)
    {
        var run = await ScoreQueries.NewestRunAsync(db, cancellationToken);
        var members = new Dictionary<long, SegmentMembership>();
        if (run is null)
            return members;
        var rows = db.CustomerScores.AsNoTracking().Where(s => s.RunId == run.Id)
            .Select(s => new CustomerScore
            {
                CustomerId = s.CustomerId, ChurnProbability = s.ChurnProbability, Clv12Months = s.Clv12Months,
                RecencyScore = s.RecencyScore, FrequencyScore = s.FrequencyScore,
            });
        await foreach (var s in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            members[s.CustomerId] = SegmentMembership.Of(s, run);
        return members;
    }
}
