using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Retain.Analytics.Backtesting;
using Retain.Analytics.Data;
using Retain.Core.Import.Parsing;
using Retain.Core.Predict;
using Retain.Core.Storage;

namespace Retain.Server.Cli;

/// <summary>
/// <c>retain backtest</c>: splits the history at a cutoff, fits every prediction model on the calibration period and
/// measures it on the holdout; from the database, or from an order file with <c>--file</c>.
/// </summary>
internal static class BacktestCommand
{
    private static readonly StorageCliOptions Storage = new();
    private static readonly OrderFileCliOptions FileOptions = new();
    private static readonly Option<FileInfo?> FileOption = new("--file") { Description = "Read orders from this file (.csv or .csv.gz, as retain analyze does) instead of the database." };
    private static readonly Option<string?> CutoffOption = new("--cutoff") { Description = "First day of the holdout (yyyy-MM-dd); default: the holdout is the last --holdout days up to the last order." };
    private static readonly Option<int> HoldoutOption = new("--holdout") { Description = "Length of the holdout in days; also the churn window.", DefaultValueFactory = _ => 90 };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print the back-test as JSON instead of tables." };
    private static readonly Option<FileInfo?> HtmlOption = new("--html") { Description = "Also write the back-test as a self-contained HTML report with charts." };

    public static Command Create()
    {
        var command = new Command("backtest", "Back-test the purchase, spend and churn models: fit before a cutoff, measure on the holdout after it")
        {
            FileOption, CutoffOption, HoldoutOption, JsonOption, HtmlOption,
        };
        Storage.AddTo(command);
        FileOptions.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        DateOnly? cutoff;
        var holdout = parse.GetValue(HoldoutOption);
        try
        {
            cutoff = parse.GetValue(CutoffOption) is { } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
                    : throw new ArgumentException($"--cutoff must be a date like 2011-09-01, not '{text}'.")
                : null;
            if (holdout < 1)
                throw new ArgumentException($"--holdout must be a positive number of days, not {holdout}.");
        }
        catch (ArgumentException ex)
        {
            return await Fail(ex.Message, 2);
        }

        ShopData data;
        string source;
        if (parse.GetValue(FileOption) is { } file)
        {
            try
            {
                data = OrderFileCliOptions.Read(file.FullName, FileOptions.ToImportOptions(parse), cancellationToken);
            }
            catch (ArgumentException ex)
            {
                return await Fail(ex.Message, 2);
            }
            catch (ImportFileException ex)
            {
                return await Fail(ex.Message, 1);
            }
            source = file.Name;
        }
        else
        {
            await using var services = CliHost.BuildServices(parse, Storage);
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            await using var db = await services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(cancellationToken);
            data = await ShopDataQueries.LoadAsync(db, cancellationToken);
            source = CliHost.Describe(services.GetRequiredService<IOptions<StorageOptions>>().Value);
        }

        BacktestResult result;
        try
        {
            var options = cutoff is { } c ? new BacktestOptions(c, holdout) : BacktestOptions.LastDays(data, holdout);
            result = Backtest.Run(data, options, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return await Fail(ex.Message, 2);
        }

        if (parse.GetValue(HtmlOption) is { } html)
            await File.WriteAllTextAsync(html.FullName, BacktestReportHtml.Render(result, source), cancellationToken);
        if (parse.GetValue(JsonOption))
        {
            await Console.Out.WriteLineAsync(BacktestReportJson.Serialize(result).AsMemory(), cancellationToken);
            return 0;
        }
        BacktestConsole.Render(result, source, clock.Elapsed);
        if (parse.GetValue(HtmlOption) is { } written)
            ReportConsole.Note($"HTML report written to {written.FullName}");
        return 0;
    }

    private static async Task<int> Fail(string message, int code)
    {
        await Console.Error.WriteLineAsync($"retain backtest: {message}");
        return code;
    }
}
