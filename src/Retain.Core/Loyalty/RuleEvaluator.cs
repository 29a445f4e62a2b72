namespace Retain.Core.Loyalty;

/// <summary>
/// The points an order earns under one rule version, per line. Pure, so it is tested table-driven. Rounding is down
/// per line (a customer never gets a point the rules do not give in full); a cap is shared out over the lines by
/// largest remainder, so the lines still sum to exactly the cap and each line's share is exact for its refund.
/// </summary>
public static class RuleEvaluator
{
    /// <param name="tierMultiplier">The customer's tier perk, applied to each line before rounding and the cap.</param>
    public static long[] PointsForOrder(LoyaltyRules rules, IReadOnlyList<EarnLine> lines, decimal tierMultiplier = 1m)
    {
        var points = new long[lines.Count];
        var orderTotal = lines.Sum(l => Math.Max(0m, l.NetAmount));
        if (orderTotal < rules.MinimumOrder || rules.PointsPerUnit <= 0m)
            return points;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.NetAmount <= 0m)
                continue;
            var raw = line.NetAmount * rules.PointsPerUnit * Multiplier(rules, line) * tierMultiplier;
            points[i] = raw <= 0m ? 0 : (long)decimal.Floor(raw);
        }
        if (rules.PerOrderCap is { } cap && points.Sum() > cap)
            return ShareOut(points, Math.Max(0, cap));
        return points;
    }

    /// <summary>The product's multiplier if it has one, else its category's, else 1.</summary>
    public static decimal Multiplier(LoyaltyRules rules, EarnLine line)
    {
        if (line.Sku is not null && rules.ProductMultipliers.TryGetValue(line.Sku, out var product))
            return product;
        if (line.CategoryRef is not null && rules.CategoryMultipliers.TryGetValue(line.CategoryRef, out var category))
            return category;
        return 1m;
    }

    /// <summary>Scales <paramref name="weights"/> down to sum to exactly <paramref name="total"/> (largest remainder, ties to the earlier line).</summary>
    public static long[] ShareOut(long[] weights, long total)
    {
        var sum = (Int128)weights.Sum();
        var shares = new long[weights.Length];
        if (sum == 0)
            return shares;
        var remainders = new Int128[weights.Length];
        long given = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var scaled = (Int128)weights[i] * total;
            shares[i] = (long)(scaled / sum);
            remainders[i] = scaled % sum;
            given += shares[i];
        }
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var k = 0; given < total; k++, given++)
            shares[order[k]]++;
        return shares;
    }

    /// <summary>
    /// Points to reverse when <paramref name="quantity"/> more units of a line come back: the line's points pro rata
    /// to the units returned so far, rounded down, minus what earlier refunds already reversed. Cumulative, so any
    /// split of a full return reverses exactly the line's points, and a partial one never more than its share.
    /// </summary>
    public static long ReversalFor(long linePoints, int lineQuantity, int alreadyReturned, long alreadyReversed, int quantity)
    {
        var returned = alreadyReturned + quantity;
        var cumulative = (long)((Int128)linePoints * returned / lineQuantity);
        return cumulative - alreadyReversed;
    }
}
