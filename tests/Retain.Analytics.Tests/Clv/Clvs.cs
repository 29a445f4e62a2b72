namespace Retain.Analytics.Tests.Clv;

internal static class Clvs
{
    /// <summary>
    /// Asserts <paramref name="actual"/> equals <paramref name="expected"/> to <paramref name="digits"/> significant
    /// digits: both round to the same figure, or they differ by at most half a unit in the last digit.
    /// </summary>
    public static void AssertSignificant(double expected, double actual, int digits = 4)
    {
        var unit = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(expected))) - digits + 1);
        var tolerance = 0.5 * unit;
        var sameRounding = Math.Round(expected / unit) == Math.Round(actual / unit);
        Assert.True(sameRounding || Math.Abs(expected - actual) <= tolerance,
            $"expected {expected} to {digits} significant digits, got {actual} (|diff| {Math.Abs(expected - actual):G3} > {tolerance:G3})");
    }

    /// <summary>Actual cumulative repeat purchase days of the CDNOW sample up to the end of week <paramref name="week"/>.</summary>
    public static int ActualCumulativeRepeats(int week)
    {
        var cutoff = Cdnow.Start.AddDays(7 * week);
        return Cdnow.Transactions
            .GroupBy(t => t.CustomerId)
            .Sum(g =>
            {
                var days = g.Select(t => DateOnly.FromDateTime(t.Timestamp)).Distinct().Order().ToList();
                return days.Skip(1).Count(d => d < cutoff);
            });
    }
}
