using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;
using Spectre.Console;

namespace Retain.Server.Cli;

/// <summary>
/// <c>retain import orders FILE</c>: reads an order export (.csv or .csv.gz) and writes it to the database in one
/// transaction, with a progress bar on a terminal and a summary at the end.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var import = new Command("import", "Import shop data from files");
        import.Subcommands.Add(CreateOrders());
        return import;
    }

    private static Command CreateOrders()
    {
        var storage = new StorageCliOptions();
        var file = new Argument<FileInfo>("file") { Description = "The order file (.csv or .csv.gz)" };
        var preset = new Option<string>("--preset")
        {
            Description = $"The file's layout: {string.Join(", ", OrderFileFormat.Presets.Select(p => p.Name))}",
            DefaultValueFactory = _ => OrderFileFormat.Generic.Name,
        };
        var map = new Option<string?>("--map")
        {
            Description = "Column mapping on top of the preset, e.g. \"order_id=Invoice,customer_id=Customer ID\"",
            HelpName = "field=column,…",
        };
        var currency = new Option<string?>("--currency") { Description = "Currency of amounts when the file has no currency column", HelpName = "ISO code" };
        var baseCurrency = new Option<string?>("--base-currency")
        {
            Description = "The shop's base currency (set once, before orders exist); defaults to the file's currency on an empty shop",
            HelpName = "ISO code",
        };
        var rejects = new Option<FileInfo?>("--rejects") { Description = "Where to write rejected rows (default <data-dir>/rejects/<file>.rejects.csv)" };

        var command = new Command("orders", "Import orders, lines and refunds (customers and products are created as needed)");
        command.Arguments.Add(file);
        command.Options.Add(preset);
        command.Options.Add(map);
        command.Options.Add(currency);
        command.Options.Add(baseCurrency);
        command.Options.Add(rejects);
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            OrderFileFormat format;
            try
            {
                format = OrderFileFormat.FromPreset(parse.GetValue(preset)!);
                if (parse.GetValue(map) is { Length: > 0 } mapping)
                    format = format.WithMapping(mapping);
                if (parse.GetValue(currency) is { Length: > 0 } code)
                    format = format with { DefaultCurrency = code.Trim().ToUpperInvariant() };
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return 2;
            }

            await using var services = CliHost.BuildServices(parse, storage);
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            var requestedBase = parse.GetValue(baseCurrency) ?? await FirstImportBaseCurrencyAsync(services, format, cancellationToken);
            var path = parse.GetValue(file)!.FullName;
            var storageOptions = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            // Rejects go to the data directory by default, never beside the input: that folder may be read-only or shared.
            var rejectsPath = parse.GetValue(rejects)?.FullName
                ?? Path.Combine(storageOptions.DataDirectory, "rejects", Path.GetFileName(path) + ".rejects.csv");
            var importer = services.GetRequiredService<OrderImporter>();
            var where = CliHost.Describe(storageOptions);
            try
            {
                var summary = await RunWithProgressAsync(progress =>
                    importer.ImportFileAsync(path, new ImportOptions { Format = format }, requestedBase, progress,
                        rejectsPath, cancellationToken));
                await output.WriteAsync(Describe(summary, where));
                return 0;
            }
            catch (Exception ex) when (ex is ImportFileException or InvalidOperationException)
            {
                await error.WriteLineAsync($"Import failed, nothing was written: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>On an empty shop without a base currency yet, the file's own currency becomes the base.</summary>
    private static async Task<string?> FirstImportBaseCurrencyAsync(IServiceProvider services, OrderFileFormat format, CancellationToken cancellationToken)
    {
        if (format.DefaultCurrency is null)
            return null;
        await using var db = await services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(cancellationToken);
        var isSet = await db.GetSettingAsync(ShopSettings.BaseCurrencyKey, cancellationToken) is not null;
        return isSet || await db.Orders.AnyAsync(cancellationToken) ? null : format.DefaultCurrency;
    }

    private static async Task<ImportSummary> RunWithProgressAsync(Func<IProgress<ImportProgress>?, Task<ImportSummary>> import)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return await import(null);
        ImportSummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("reading", maxValue: 1.0);
                summary = await import(new Reporter(p =>
                {
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.OrdersRead:N0} orders, {p.LinesRead:N0} lines");
                    task.Value = p.Fraction ?? task.Value;
                }));
                task.StopTask();
            });
        return summary!;
    }

    private static string Describe(ImportSummary s, string where) => string.Create(CultureInfo.InvariantCulture, $"""
        Imported {s.FileName} into {where} in {s.Duration.TotalSeconds:F2} s ({s.LinesRead:N0} lines, base currency {s.BaseCurrency})
          orders   {s.OrdersInserted,9:N0} new  {s.OrdersUpdated,9:N0} updated  {s.OrdersUnchanged,9:N0} unchanged  ({s.GuestOrders:N0} guest orders)
          refunds  {s.RefundsInserted,9:N0} new  {s.RefundsUpdated,9:N0} updated  {s.RefundsUnchanged,9:N0} unchanged
          created  {s.CustomersCreated,9:N0} customers  {s.ProductsCreated,9:N0} products
          in file  {s.MergedInFile,9:N0} split orders merged  {s.RepeatedInFile,9:N0} repeated row groups skipped
          rejected {s.RejectedRows,9:N0} rows{(s.RejectsPath is null ? "" : $" -> {s.RejectsPath}")}

        """);

    private sealed class Reporter(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
