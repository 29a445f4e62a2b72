using System.Globalization;

namespace Retain.Core.Reports;

/// <summary>Invariant-culture formatting shared by the HTML and terminal renderers.</summary>
public static class ReportFormat
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Value(double? value, KpiUnit unit, string currency) => value is not { } v ? "–" : unit switch
    {
        KpiUnit.Count => v.ToString("N0", C),
        KpiUnit.Money => Money(v, currency),
        KpiUnit.Percent => Percent(v),
        KpiUnit.Days => v.ToString("N1", C) + " d",
        _ => v.ToString("N2", C),
    };

    public static string Money(double value, string currency) => $"{value.ToString("N2", C)} {currency}";

    public static string Money(decimal value, string currency) => $"{value.ToString("N2", C)} {currency}";

    public static string Percent(double value) => (value * 100).ToString("0.0", C) + "%";

    public static string Percent(double? value) => value is { } v ? Percent(v) : "–";

    /// <summary>A KPI's change: percentage points for rates and shares, relative change otherwise.</summary>
    public static string Change(KpiRow row)
    {
        if (row.Unit != KpiUnit.Percent)
            return Change(row.Change);
        if (row.Current is not { } c || row.Previous is not { } p)
            return "";
        var pp = (c - p) * 100;
        return (pp >= 0 ? "+" : "−") + Math.Abs(pp).ToString("0.0", C) + " pp";
    }

    public static string Change(double? change) => change is not { } c ? "" : (c >= 0 ? "+" : "−") + (Math.Abs(c) * 100).ToString("0.0", C) + "%";

    public static string Date(DateTime t) => t.ToString("yyyy-MM-dd", C);

    public static string Count(long n) => n.ToString("N0", C);
}
