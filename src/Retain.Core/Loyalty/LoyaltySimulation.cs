using System.Diagnostics;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

public sealed record TierCount(string? Tier, int Members);

/// <summary>One rule set's year: points, their expected cost at the expected redemption rate, the points left at the end.</summary>
public sealed record SimulationFigures(
    decimal PointValue, long PointsEarned, long PointsReversed, long NetIssued, decimal ExpectedCost,
    long PendingAtEnd, long AvailableAtEnd, long ExpiredByEnd, decimal LiabilityAtEnd, decimal ExpectedLiabilityAtEnd,
    decimal CostPercentOfRevenue, IReadOnlyList<TierCount> Tiers);

/// <summary>Customers whose end-of-period tier differs between the proposed and the current rules.</summary>
public sealed record TierMoves(int Up, int Down, int Same);

public sealed record SimulationReport(
    DateTime From, DateTime To, string Currency, int Orders, int Refunds, int Members, decimal Revenue,
    decimal ExpectedRedemptionRate, BreakageEstimate Breakage, SimulationFigures? Current, SimulationFigures Proposed,
    TierMoves? Moves, string Method, double Seconds);

/// <summary>
/// The "what if" of a rule change: the last months of real orders and refunds through the proposed rules and the
/// current ones, in memory; nothing is written. Cost is priced with the breakage measured for the liability report.
/// </summary>
public static class LoyaltySimulation
{
    public const string Method =
        "Orders and refunds of the period replayed in time order through each rule set with the ledger's earning, reversal and tier rules. " +
        "Redemptions are not replayed: expected cost = net points issued × expected redemption rate (1 − breakage) × point value; " +
        "points at the end are before redemptions; action points (sign-up, reviews …) are not included. " +
        "A campaign for scored segments (at-risk, VIP, RFM) applies to the customers in them in the newest score run, for every replayed order; " +
        "the ledger reads the newest run when it earns each order.";

    /// <summary>Validates <paramref name="proposed"/> as publishing would (throws <see cref="InvalidLoyaltyCommandException"/>), then replays.</summary>
    public static async Task<SimulationReport> RunAsync(RetainDbContext db, LoyaltyRules proposed, DateTime now, int months, CancellationToken ct)
    {
        LoyaltyProgramme.Validate(proposed);
        if (months is < 1 or > 36)
            throw new InvalidLoyaltyCommandException("months", "The period is 1–36 months.");
        var clock = Stopwatch.StartNew();
        now = UtcTime.Normalize(now);
        var data = await LoyaltySimulationData.LoadAsync(db, now.AddMonths(-months), now, ct);
        var (_, current) = await LoyaltyProgramme.RulesAtAsync(db, now, ct);
        if (proposed.Campaigns.Any(c => c.Segments is not null) || current?.Campaigns.Any(c => c.Segments is not null) == true)
            data = data with { Segments = await SegmentMembershipQueries.AllAsync(db, ct) };
        var breakage = LoyaltyLiability.Breakage(await LoyaltyLiabilityQueries.ResolvedAsync(db, now, ct));
        var proposedValue = (await LoyaltyLiabilityQueries.PointValueAsync(db, proposed, ct)).Value;
        var currentValue = current is null ? 0m : (await LoyaltyLiabilityQueries.PointValueAsync(db, current, ct)).Value;
        return Report(data, proposed, proposedValue, current, currentValue, breakage, await db.GetBaseCurrencyAsync(ct), clock);
    }

    public static SimulationReport Report(
        SimulationData data, LoyaltyRules proposed, decimal proposedValue, LoyaltyRules? current, decimal currentValue,
        BreakageEstimate breakage, string currency, Stopwatch? clock = null)
    {
        var p = LoyaltySimulator.Run(proposed, data.Orders, data.Refunds, data.To, data.Segments);
        var c = current is null ? null : LoyaltySimulator.Run(current, data.Orders, data.Refunds, data.To, data.Segments);
        TierMoves? moves = null;
        if (c is not null)
        {
            int up = 0, down = 0, same = 0;
            foreach (var (customer, tier) in p.TierAtEnd)
            {
                var before = c.TierAtEnd.GetValueOrDefault(customer);
                // Compared by each rule set's own ranks: "Gold" may be the third tier in one and the second in the other.
                var delta = Position(proposed, tier) - Position(current!, before);
                if (tier == before || delta == 0) same++;
                else if (delta > 0) up++;
                else down++;
            }
            moves = new TierMoves(up, down, same);
        }
        return new SimulationReport(data.From, data.To, currency, data.Orders.Count, data.Refunds.Count, p.Members, Math.Round(p.Revenue, 2),
            1m - breakage.Rate, breakage, c is null ? null : Figures(c, current!, currentValue, breakage), Figures(p, proposed, proposedValue, breakage),
            moves, Method, clock?.Elapsed.TotalSeconds ?? 0);
    }

    /// <summary>0 for no tier, 1 for the lowest tier …</summary>
    private static int Position(LoyaltyRules rules, string? tier) => TierEvaluator.Rank(rules.Tiers, tier) + 1;

    private static SimulationFigures Figures(SimulationOutcome o, LoyaltyRules rules, decimal value, BreakageEstimate breakage)
    {
        var redemption = 1m - breakage.Rate;
        var cost = Math.Round(o.NetIssued * redemption * value, 2);
        var tiers = o.TierAtEnd.Values.GroupBy(t => t).Select(g => new TierCount(g.Key, g.Count()))
            .OrderBy(t => TierEvaluator.Rank(rules.Tiers, t.Tier)).ToList();
        return new SimulationFigures(value, o.PointsEarned, o.PointsReversed, o.NetIssued, cost,
            o.PendingAtEnd, o.AvailableAtEnd, o.ExpiredByEnd, Math.Round(o.OutstandingAtEnd * value, 2),
            Math.Round(o.OutstandingAtEnd * value * redemption, 2), o.Revenue > 0 ? Math.Round(cost / o.Revenue * 100m, 3) : 0m, tiers);
    }
}
