using System.Globalization;
using Retain.Analytics.Clv;
using Retain.Testing;

namespace Retain.Analytics.Tests.Clv;

/// <summary>The CDNOW 2,357-customer sample (EVALUATION.md §2), read once per test process.</summary>
internal static class Cdnow
{
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    public static readonly DateOnly HoldoutEnd = new(1998, 6, 30);
    public static readonly DateOnly Start = new(1997, 1, 1);
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static readonly Lazy<IReadOnlyList<ClvTransaction>> SampleTransactions = new(() => ReadSample(Datasets.CdnowSample));
    private static readonly Lazy<IReadOnlyList<ClvCustomer>> SampleCustomers = new(() =>
        CustomerSummaryBuilder.Build(SampleTransactions.Value, CalibrationEnd, Week, HoldoutEnd));
    private static readonly Lazy<CustomerSummary[]> SummaryFile = new(() => ReadSummary(Datasets.CdnowSummary));
    private static readonly Lazy<BgNbdModel> BgNbdFit = new(() => BgNbdModel.Fit(SummaryCsv));
    private static readonly Lazy<ParetoNbdModel> ParetoFit = new(() => ParetoNbdModel.Fit(SummaryCsv));

    public static IReadOnlyList<ClvTransaction> Transactions => SampleTransactions.Value;

    /// <summary>Customers built from CDNOW_sample.txt, ordered by sample id (1..2357).</summary>
    public static IReadOnlyList<ClvCustomer> Customers => SampleCustomers.Value;

    /// <summary>Lifetimes' published fits (EVALUATION.md §2), to check the prediction formulas apart from the fit.</summary>
    public static BgNbdModel LifetimesBgNbd { get; } = new(new BgNbdParameters(0.242593, 4.413532, 0.792886, 2.425752));

    public static ParetoNbdModel LifetimesParetoNbd { get; } = new(new ParetoNbdParameters(0.553282, 10.577753, 0.606171, 11.666907));

    public static CustomerSummary[] Summaries => [.. Customers.Select(c => c.Calibration)];

    /// <summary>cdnow_customers_summary_with_transactions.csv (2-decimal rounding of the same figures).</summary>
    public static CustomerSummary[] SummaryCsv => SummaryFile.Value;

    /// <summary>Fitted on the summary CSV, as lifetimes' reference figures were.</summary>
    public static BgNbdModel BgNbd => BgNbdFit.Value;
    public static ParetoNbdModel ParetoNbd => ParetoFit.Value;

    private static List<ClvTransaction> ReadSample(string path)
    {
        var list = new List<ClvTransaction>();
        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5)
                continue;
            var id = int.Parse(f[1], CultureInfo.InvariantCulture).ToString("D4", CultureInfo.InvariantCulture);
            var date = DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            list.Add(new ClvTransaction(id, date, double.Parse(f[4], CultureInfo.InvariantCulture)));
        }
        return list;
    }

    private static CustomerSummary[] ReadSummary(string path) =>
    [
        .. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var f = l.Split(',');
            return new CustomerSummary(
                int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture));
        }),
    ];
}
