namespace Retain.Core.Loyalty;

/// <summary>
/// Expected breakage: the share of points that will never be redeemed. <see cref="FromHistory"/> says whether it was
/// measured on the shop's own resolved lots or is <see cref="LoyaltyLiability.DefaultBreakage"/>.
/// </summary>
public sealed record BreakageEstimate(decimal Rate, bool FromHistory, int ResolvedLots, long RedeemedPoints, long UnredeemedPoints, string Method);

/// <summary>Where the point value came from: "rules", "catalogue" or "default".</summary>
public sealed record PointValuation(decimal Value, string Basis);

/// <summary>Outstanding points of the members holding one tier (null: no tier), and what they are expected to cost.</summary>
public sealed record TierLiability(
    string? Tier, int Members, long Available, long Pending, long Debt, long Outstanding, long PastExpiry, decimal Value, decimal ExpectedLiability);

/// <summary>
/// Points moved over the programme's life, from the system accounts: issued (orders and actions), net manual
/// adjustments, redeemed (net of cancellations), expired, and reversed by refunds (what was actually taken back).
/// Double entry makes available + pending + debt = issued + adjusted − redeemed − expired − reversed.
/// </summary>
public sealed record PointFlows(long Issued, long Adjusted, long Redeemed, long Expired, long Reversed);

public sealed record LiabilityReport(
    DateTime At, string Currency, PointValuation PointValue, BreakageEstimate Breakage,
    IReadOnlyList<TierLiability> Tiers, TierLiability Total, long ExpiringIn30Days, long ExpiringIn90Days, PointFlows Flows);

/// <summary>Points resolved on lots whose expiry has passed: spent on rewards, or left to expire (including what is left on them).</summary>
public sealed record ResolvedLots(int Lots, long Redeemed, long Unredeemed);

/// <summary>The liability arithmetic, pure, so it is tested on fixed numbers.</summary>
public static class LoyaltyLiability
{
    /// <summary>Used until the shop has enough resolved history; the middle of commonly reported breakage (20–40 %).</summary>
    public const decimal DefaultBreakage = 0.30m;

    /// <summary>Fewer resolved lots than this, or no resolved points at all, is too thin a history to measure.</summary>
    public const int MinimumResolvedLots = 100;

    /// <summary>When neither the rules nor the catalogue say: one point is one hundredth of the base currency.</summary>
    public const decimal DefaultPointValue = 0.01m;

    public const string BreakageMethod =
        "Share of points never redeemed (expired, or still left) among lots whose expiry has passed; points a refund took back count on neither side.";

    public static BreakageEstimate Breakage(ResolvedLots resolved)
    {
        var total = resolved.Redeemed + resolved.Unredeemed;
        if (resolved.Lots < MinimumResolvedLots || total <= 0)
            return Default(resolved, $"{resolved.Lots} resolved lots, fewer than the {MinimumResolvedLots} needed to measure.");
        // Lots that lived and died before anyone redeemed anything (a programme whose rewards came later) say nothing
        // about how much customers leave unspent; measuring them would give 100 % breakage and no liability at all.
        if (resolved.Redeemed <= 0)
            return Default(resolved, "nothing was redeemed from the resolved lots, so they do not measure breakage.");
        var rate = Math.Round((decimal)resolved.Unredeemed / total, 4);
        return new BreakageEstimate(rate, true, resolved.Lots, resolved.Redeemed, resolved.Unredeemed, BreakageMethod);
    }

    private static BreakageEstimate Default(ResolvedLots resolved, string why) =>
        new(DefaultBreakage, false, resolved.Lots, resolved.Redeemed, resolved.Unredeemed,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Default {DefaultBreakage:P0}: {why} ") + BreakageMethod);

    /// <summary>
    /// The rules' <see cref="LoyaltyRules.PointValue"/> when set; else the mean currency per point of the active fixed
    /// discounts in the catalogue (what the shop actually gives for a point); else <see cref="DefaultPointValue"/>.
    /// </summary>
    public static PointValuation PointValue(LoyaltyRules? rules, IEnumerable<(decimal Value, long Cost)> fixedDiscounts)
    {
        if (rules?.PointValue is { } set)
            return new PointValuation(set, "rules");
        var ratios = fixedDiscounts.Where(d => d.Cost > 0 && d.Value > 0).Select(d => d.Value / d.Cost).ToList();
        return ratios.Count > 0 ? new PointValuation(Math.Round(ratios.Average(), 6), "catalogue") : new PointValuation(DefaultPointValue, "default");
    }

    /// <summary>
    /// One tier's line. Points already past their expiry (waiting for the expiry job) are outstanding in the ledger
    /// but will never be spent, so they count in <see cref="TierLiability.Outstanding"/> and not in the expected cost.
    /// </summary>
    public static TierLiability Line(string? tier, int members, long available, long pending, long debt, long pastExpiry, decimal pointValue, decimal breakage)
    {
        var outstanding = available + pending;
        var live = Math.Max(0, outstanding - pastExpiry);
        return new TierLiability(tier, members, available, pending, debt, outstanding, pastExpiry,
            Math.Round(outstanding * pointValue, 2), Math.Round(live * pointValue * (1m - breakage), 2));
    }

    public static TierLiability Sum(IReadOnlyCollection<TierLiability> tiers, decimal pointValue, decimal breakage) =>
        Line(null, tiers.Sum(t => t.Members), tiers.Sum(t => t.Available), tiers.Sum(t => t.Pending), tiers.Sum(t => t.Debt),
            tiers.Sum(t => t.PastExpiry), pointValue, breakage);
}
