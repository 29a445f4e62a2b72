namespace Retain.Analytics.Clv;

/// <summary>
/// Builds (x, t_x, T) summaries from transactions: purchases on the same calendar day merge into one (amounts add up),
/// x counts the repeat purchase days up to the calibration end, times are measured in <c>unit</c> from the first
/// purchase day, and the mean repeat value excludes the first purchase day (Gamma-Gamma input).
/// </summary>
public static class CustomerSummaryBuilder
{
    /// <param name="transactions">Purchases in any order; amounts may be zero.</param>
    /// <param name="calibrationEnd">Last day of the calibration period (inclusive).</param>
    /// <param name="unit">Time unit of t_x and T, e.g. <c>TimeSpan.FromDays(7)</c> for weeks.</param>
    /// <param name="holdoutEnd">Last day of the holdout period (inclusive), or null for no holdout count.</param>
    /// <returns>One row per customer whose first purchase is on or before <paramref name="calibrationEnd"/>, ordered by id.</returns>
    public static IReadOnlyList<ClvCustomer> Build(
        IEnumerable<ClvTransaction> transactions, DateOnly calibrationEnd, TimeSpan unit, DateOnly? holdoutEnd = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (unit <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(unit), "the time unit must be positive");
        var unitDays = unit.TotalDays;

        var days = new Dictionary<string, SortedDictionary<DateOnly, double>>(StringComparer.Ordinal);
        foreach (var tr in transactions)
        {
            if (!double.IsFinite(tr.Amount))
                throw new ArgumentException($"transaction of {tr.CustomerId} at {tr.Timestamp:O} has a non-finite amount");
            if (!days.TryGetValue(tr.CustomerId, out var perDay))
                days[tr.CustomerId] = perDay = [];
            var day = DateOnly.FromDateTime(tr.Timestamp);
            perDay[day] = perDay.GetValueOrDefault(day) + tr.Amount;
        }

        var result = new List<ClvCustomer>(days.Count);
        foreach (var (id, perDay) in days.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var first = perDay.Keys.First();
            if (first > calibrationEnd)
                continue;
            int x = 0, holdout = 0;
            var last = first;
            double repeatSum = 0;
            foreach (var (day, amount) in perDay)
            {
                if (day == first)
                    continue;
                if (day <= calibrationEnd)
                {
                    x++;
                    last = day;
                    repeatSum += amount;
                }
                else if (holdoutEnd is { } h && day <= h)
                {
                    holdout++;
                }
            }
            var summary = new CustomerSummary(
                x,
                (last.DayNumber - first.DayNumber) / unitDays,
                (calibrationEnd.DayNumber - first.DayNumber) / unitDays,
                x > 0 ? repeatSum / x : 0);
            result.Add(new ClvCustomer(id, first, summary, holdout));
        }
        return result;
    }
}
