using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Retain.Analytics.Measure;
using Retain.Core.Import.Parsing;
using Retain.Core.Reports;
using Retain.Core.Reports.Html;

namespace Retain.Server.Cli;

/// <summary>
/// <c>retain analyze FILE</c>: reads an order file straight into memory (no database) and prints the Measure report;
/// <c>--json</c> prints it as JSON instead, <c>--html FILE</c> also writes the self-contained HTML page.
/// </summary>
internal static class AnalyzeCommand
{
    private static readonly Argument<FileInfo> FileArgument = new("file") { Description = "Order file: .csv or .csv.gz (gzip is detected by content)." };
    private static readonly OrderFileCliOptions FileOptions = new();
    private static readonly Option<string?> FromOption = new("--from") { Description = "First day of the period (yyyy-MM-dd); default: the first order." };
    private static readonly Option<string?> ToOption = new("--to") { Description = "Last day of the period, inclusive (yyyy-MM-dd); default: the last order." };
    private static readonly Option<string?> SnapshotOption = new("--snapshot") { Description = "Day recency is measured to (yyyy-MM-dd); default: the day after the last order in the period." };
    private static readonly Option<string> CohortOption = new("--cohort") { Description = "Cohort grain: month or week.", DefaultValueFactory = _ => "month" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print the report as JSON instead of tables." };
    private static readonly Option<FileInfo?> HtmlOption = new("--html") { Description = "Also write the report as a self-contained HTML file." };

    public static Command Create()
    {
        var command = new Command("analyze", "Measure retention straight from an order file: KPIs, cohorts, RFM segments. No database.")
        {
            FileArgument, FromOption, ToOption, SnapshotOption, CohortOption, JsonOption, HtmlOption,
        };
        FileOptions.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        MeasureReportOptions reportOptions;
        ImportOptions importOptions;
        try
        {
            importOptions = FileOptions.ToImportOptions(parse);
            reportOptions = ReportOptions(parse);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"retain analyze: {ex.Message}");
            return 2;
        }

        var file = parse.GetValue(FileArgument)!;
        AnalyzeResult result;
        try
        {
            result = Analyze(file.FullName, importOptions, reportOptions, cancellationToken);
        }
        catch (ImportFileException ex)
        {
            await Console.Error.WriteLineAsync($"retain analyze: {ex.Message}");
            return 1;
        }

        if (parse.GetValue(HtmlOption) is { } html)
            await File.WriteAllTextAsync(html.FullName, MeasureReportHtml.Render(result.Report), cancellationToken);
        if (parse.GetValue(JsonOption))
        {
            await using var stdout = Console.OpenStandardOutput();
            await MeasureReportJson.WriteAsync(stdout, result.Report, cancellationToken);
            await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        }
        else
        {
            ReportConsole.Render(result.Report, result.Rejected, result.Statistics, clock.Elapsed);
            if (parse.GetValue(HtmlOption) is { } written)
                ReportConsole.Note($"HTML report written to {written.FullName}");
        }
        Lap(Environment.GetEnvironmentVariable("RETAIN_TIMING") == "1" ? clock : null, "total incl. output");
        return 0;
    }

    internal sealed record AnalyzeResult(MeasureReport Report, IReadOnlyList<RejectedRow> Rejected, ImportStatistics Statistics);

    /// <summary>File → ShopData → report; the part of the command worth timing and testing.</summary>
    internal static AnalyzeResult Analyze(string path, ImportOptions importOptions, MeasureReportOptions reportOptions, CancellationToken cancellationToken)
    {
        var timing = Environment.GetEnvironmentVariable("RETAIN_TIMING") == "1" ? Stopwatch.StartNew() : null;
        using var reader = OrderFileReader.Open(path, importOptions);
        var builder = new ShopDataBuilder();
        foreach (var order in reader.ReadOrderTotals(cancellationToken))
            builder.Add(order);
        Lap(timing, "read");
        var data = builder.Build();
        var s = reader.Statistics;
        List<ReportCount> counts =
        [
            new("rows read", s.RowsRead),
            new("rows rejected", s.RowsRejected),
            new("guest rows", s.GuestRows),
            new("orders", s.Orders),
            new("refunds", s.Refunds),
            new("customer order rows", builder.CustomerOrderLines),
        ];
        if (importOptions.DropRepeatedOrders)
            counts.Add(new("repeated rows dropped", s.RepeatedRowsDropped));
        if (builder.OtherCurrencySkipped > 0)
            counts.Add(new($"orders not in {data.Currency} skipped", builder.OtherCurrencySkipped));
        if (builder.CancelledOrdersSkipped > 0)
            counts.Add(new("cancelled orders skipped", builder.CancelledOrdersSkipped));
        var source = new ReportSource($"{Path.GetFileName(path)} ({reader.Format.Name})", counts);
        var report = MeasureReportBuilder.Build(data, reportOptions, source);
        Lap(timing, "report");
        return new AnalyzeResult(report, reader.Rejected, s);
    }

    private static void Lap(Stopwatch? timing, string phase)
    {
        if (timing is null)
            return;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[timing] {phase}: {timing.Elapsed.TotalMilliseconds:0} ms (since process start {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:0} ms)"));
        timing.Restart();
    }

    private static MeasureReportOptions ReportOptions(ParseResult parse)
    {
        var from = Day(parse.GetValue(FromOption), "--from");
        var to = Day(parse.GetValue(ToOption), "--to");
        var snapshot = Day(parse.GetValue(SnapshotOption), "--snapshot");
        var grain = parse.GetValue(CohortOption)?.ToLowerInvariant() switch
        {
            "month" => CohortGrain.Month,
            "week" => CohortGrain.Week,
            var other => throw new ArgumentException($"--cohort must be month or week, not '{other}'."),
        };
        DateRange? range = null;
        if (from is not null || to is not null)
        {
            var start = from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) ?? DateTime.MinValue;
            var end = to?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) ?? DateTime.MaxValue;
            if (end <= start)
                throw new ArgumentException("--to must not be before --from.");
            range = new DateRange(start, end);
        }
        return new MeasureReportOptions
        {
            Range = range,
            Snapshot = snapshot?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            CohortGrain = grain,
        };
    }

    private static DateOnly? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new ArgumentException($"{option} must be a date like 2011-12-10, not '{text}'.");
}
