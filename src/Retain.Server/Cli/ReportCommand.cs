using System.CommandLine;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retain.Analytics.Data;
using Retain.Core.Reports;
using Retain.Core.Reports.Html;
using Retain.Core.Storage;
using Retain.Server.Measure;

namespace Retain.Server.Cli;

/// <summary><c>retain report</c>: every measurement from the database, as tables, JSON or an offline HTML file.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var storage = new StorageCliOptions();
        var from = new Option<DateOnly?>("--from") { Description = "First day of the period (yyyy-MM-dd); default: the first order" };
        var to = new Option<DateOnly?>("--to") { Description = "Last day of the period, inclusive; default: the last order" };
        var snapshot = new Option<DateOnly?>("--snapshot") { Description = "Day recency is measured to; default: the day after the period" };
        var cohort = new Option<string>("--cohort") { Description = "Cohort grain: month or week", DefaultValueFactory = _ => "month" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of tables" };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the report as a self-contained HTML file" };
        var command = new Command("report", "Retention report (KPIs, cohorts, RFM) from the database");
        storage.AddTo(command);
        foreach (var option in new Option[] { from, to, snapshot, cohort, json, html })
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            var errors = MeasureEndpoints.Validate(new(result.GetValue(from), result.GetValue(to), result.GetValue(snapshot), result.GetValue(cohort)));
            foreach (var message in errors?.Values.SelectMany(m => m) ?? [])
                result.AddError(message);
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            await using var services = CliHost.BuildServices(parse, storage);
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            ShopData data;
            await using (var db = await services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(cancellationToken))
                data = await ShopDataQueries.LoadAsync(db, cancellationToken);
            var query = new MeasureEndpoints.MeasureQuery(parse.GetValue(from), parse.GetValue(to), parse.GetValue(snapshot), parse.GetValue(cohort));
            var source = new ReportSource(CliHost.Describe(services.GetRequiredService<IOptions<StorageOptions>>().Value),
                [new("customers", data.Customers.Count), new("orders", data.Orders.Length), new("refunds", data.Refunds.Length)]);
            var report = MeasureReportBuilder.Build(data, MeasureEndpoints.ToOptions(query, data), source);
            if (parse.GetValue(html) is { } file)
                await File.WriteAllTextAsync(file.FullName, MeasureReportHtml.Render(report), cancellationToken);
            if (parse.GetValue(json))
            {
                await using var stdout = Console.OpenStandardOutput();
                await MeasureReportJson.WriteAsync(stdout, report, cancellationToken);
                return 0;
            }
            ReportConsole.Render(report, clock.Elapsed);
            if (parse.GetValue(html) is { } written)
                ReportConsole.Note($"HTML report written to {written.FullName}");
            return 0;
        });
        return command;
    }
}
