using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Retain.Core.Import.Parsing;
using Retain.Core.Recommendations;
using Spectre.Console;

namespace Retain.Server.Recommendations;

/// <summary>
/// <c>retain backtest recommendations --file F</c>: protocol A of EVALUATION.md §3 on an order file: both variants,
/// every metric, the peers' baselines beside Retain's model, each with its train + score time, and peak memory.
/// </summary>
internal static class BacktestRecommendationsCommand
{
    private static readonly Option<FileInfo> FileOption = new("--file") { Description = "Order file: .csv or .csv.gz.", Required = true };
    private static readonly Option<string> PresetOption = new("--preset")
    {
        Description = "File layout: auto (from the header), online-retail-ii, shopify or generic.",
        DefaultValueFactory = _ => "auto",
    };
    private static readonly Option<string> CutoffOption = new("--cutoff") { Description = "Split day (yyyy-MM-dd): train before, test on/after.", DefaultValueFactory = _ => "2011-09-01" };
    private static readonly Option<string[]> ModelOption = new("--model")
    {
        Description = $"Run only these models ({string.Join(", ", RecommendationBacktest.ModelNames)}); default all.",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print the results as JSON." };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create()
    {
        var command = new Command("recommendations", "Protocol A (EVALUATION.md §3): recommendation quality and speed against the peers' baselines.")
        {
            FileOption, PresetOption, CutoffOption, ModelOption, JsonOption,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        DateTime cutoff;
        OrderFileFormat format;
        var models = parse.GetValue(ModelOption) ?? [];
        try
        {
            format = OrderFileFormat.FromPreset(parse.GetValue(PresetOption)!);
            var text = parse.GetValue(CutoffOption)!;
            if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out cutoff))
                throw new ArgumentException($"--cutoff must be a date like 2011-09-01, not '{text}'.");
            if (models.FirstOrDefault(m => !RecommendationBacktest.ModelNames.Contains(m)) is { } unknown)
                throw new ArgumentException($"--model '{unknown}' is not one of {string.Join(", ", RecommendationBacktest.ModelNames)}.");
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"retain backtest recommendations: {ex.Message}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        ProtocolAFile.Cleaned data;
        try
        {
            data = ProtocolAFile.Load(parse.GetValue(FileOption)!.FullName, format, cancellationToken);
        }
        catch (ImportFileException ex)
        {
            await Console.Error.WriteLineAsync($"retain backtest recommendations: {ex.Message}");
            return 1;
        }
        var load = clock.Elapsed.TotalSeconds;
        var result = RecommendationBacktest.Run(data, cutoff, models);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

        if (parse.GetValue(JsonOption))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { result, loadSeconds = load, peakMemoryMb = Math.Round(peak) }, Json));
            return 0;
        }
        Render(result, load, peak);
        return 0;
    }

    private static void Render(RecommendationBacktestResult r, double load, double peak)
    {
        var c = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(string.Create(c,
            $"[bold]Protocol A[/], cutoff {r.Cutoff:yyyy-MM-dd}: {r.Rows:N0} rows, {r.Customers:N0} customers, {r.Items:N0} items, {r.Invoices:N0} invoices; train {r.TrainUsers:N0} users × {r.TrainItems:N0} items; test {r.TestUsers:N0} users (A2 {r.A2Users:N0})"));
        foreach (var (variant, pick) in new (string, Func<BacktestModel, Analytics.Recommendations.RankingMetrics>)[] { ("A1: every item", m => m.A1), ("A2: new items only", m => m.A2) })
        {
            var table = new Table().Title(variant);
            foreach (var column in new[] { "model", "users", "P@10", "R@10", "NDCG@10", "MAP@10", "HR@10", "coverage", "train + score s" })
                table.AddColumn(column);
            foreach (var m in r.Models)
            {
                var x = pick(m);
                table.AddRow(m.Name, x.Users.ToString("N0", c), F(x.Precision), F(x.Recall), F(x.Ndcg), F(x.Map), F(x.HitRate), F(x.Coverage),
                    m.Seconds.ToString("F2", c));
            }
            AnsiConsole.Write(table);
        }
        foreach (var m in r.Models)
            AnsiConsole.MarkupLine(string.Create(c, $"  {m.Name}: {Markup.Escape(m.Description)}"));
        if (r.ForAll is { } all && r.ForNew is { } fresh)
            AnsiConsole.MarkupLine(string.Create(c,
                $"Retain's learned blend (repeat/similar/popular/seasonal/customers like you): every item {W(all)}; new items {W(fresh)}"));
        AnsiConsole.MarkupLine(string.Create(c, $"File read and cleaned in {load:F2} s; peak memory {peak:F0} MB (whole process)."));
    }

    private static string W(Analytics.Recommendations.BlendWeights w) =>
        string.Create(CultureInfo.InvariantCulture, $"{w.Repurchase:0.##}/{w.Similar:0.##}/{w.Popular:0.##}/{w.Seasonal:0.##}/{w.Neighbors:0.##}");

    private static string F(double value) => value.ToString(".0000", CultureInfo.InvariantCulture);
}
