using Retain.Analytics.Clv;
using Retain.Analytics.Data;

namespace Retain.Analytics.Backtesting;

/// <summary>
/// The per-customer figures a back-test needs, in one pass over the (time-sorted) orders: the calibration summary
/// (x, t_x, T in weeks, T measured to the last calibration day as lifetimes does), the purchase days and spend in
/// the holdout, and the repeat purchase days per week for the tracking plot. Same-day orders merge into one purchase.
/// </summary>
internal sealed class BacktestData
{
    private const double DaysPerWeek = 7;

    private BacktestData(int[] customers, int[] firstDays, CustomerSummary[] summaries, int[] holdout, double[] holdoutSpend, long[] repeatsPerWeek, int startDay)
    {
        Customers = customers;
        FirstDays = firstDays;
        Summaries = summaries;
        HoldoutPurchases = holdout;
        HoldoutSpend = holdoutSpend;
        RepeatsPerWeek = repeatsPerWeek;
        StartDay = startDay;
    }

    /// <summary>Index into <see cref="ShopData.Customers"/> of each row (customers with a first order before the cutoff).</summary>
    public int[] Customers { get; }

    /// <summary>Day number of each row's first purchase.</summary>
    public int[] FirstDays { get; }

    public CustomerSummary[] Summaries { get; }
    public int[] HoldoutPurchases { get; }
    public double[] HoldoutSpend { get; }

    /// <summary>Repeat purchase days of the population in each week since <see cref="StartDay"/>, calibration and holdout.</summary>
    public long[] RepeatsPerWeek { get; }

    public int StartDay { get; }

    public static BacktestData Build(ShopData data, DateOnly cutoff, DateOnly holdoutEnd)
    {
        var n = data.Customers.Count;
        var first = new int[n];
        var last = new int[n];
        var lastCalibration = new int[n];
        var x = new int[n];
        var dayAmount = new double[n];
        var repeatSum = new double[n];
        var holdout = new int[n];
        var holdoutSpend = new double[n];
        Array.Fill(first, -1);
        int cut = cutoff.DayNumber, end = holdoutEnd.DayNumber;
        var start = data.Orders.Length == 0 ? cut : DateOnly.FromDateTime(data.Orders[0].PlacedAt).DayNumber;
        var weeks = new long[Math.Max(0, (end - start + 6) / 7)];

        // Orders are sorted by time, so each customer's days arrive in order: a new day closes the previous one, and
        // the amount of a repeat day is added to the repeat spend when the day closes (a first day's never is).
        foreach (var order in data.Orders)
        {
            var day = DateOnly.FromDateTime(order.PlacedAt).DayNumber;
            if (day >= end)
                break;
            if (order.IsGuest)
                continue;
            var c = order.Customer;
            var amount = (double)order.Revenue;
            if (first[c] < 0)
            {
                if (day >= cut)
                    continue; // first seen in the holdout: not part of the population
                first[c] = last[c] = lastCalibration[c] = day;
                dayAmount[c] = amount;
                continue;
            }
            if (day == last[c])
            {
                if (day < cut)
                    dayAmount[c] += amount;
                else
                    holdoutSpend[c] += amount;
                continue;
            }
            weeks[(day - start) / 7]++;
            if (last[c] < cut && last[c] != first[c])
                repeatSum[c] += dayAmount[c];
            if (day < cut)
            {
                x[c]++;
                dayAmount[c] = amount;
                lastCalibration[c] = day;
            }
            else
            {
                holdout[c]++;
                holdoutSpend[c] += amount;
            }
            last[c] = day;
        }

        var rows = new List<int>(n);
        for (var c = 0; c < n; c++)
        {
            if (first[c] < 0)
                continue;
            rows.Add(c);
            if (last[c] < cut && last[c] != first[c])
                repeatSum[c] += dayAmount[c];
        }
        var summaries = new CustomerSummary[rows.Count];
        var firstDays = new int[rows.Count];
        var holdoutRows = new int[rows.Count];
        var spendRows = new double[rows.Count];
        var lastCalibrationDay = cut - 1;
        for (var i = 0; i < rows.Count; i++)
        {
            var c = rows[i];
            summaries[i] = new CustomerSummary(x[c], (lastCalibration[c] - first[c]) / DaysPerWeek,
                (lastCalibrationDay - first[c]) / DaysPerWeek, x[c] > 0 ? repeatSum[c] / x[c] : 0);
            firstDays[i] = first[c];
            holdoutRows[i] = holdout[c];
            spendRows[i] = holdoutSpend[c];
        }
        return new BacktestData([.. rows], firstDays, summaries, holdoutRows, spendRows, weeks, start);
    }
}
