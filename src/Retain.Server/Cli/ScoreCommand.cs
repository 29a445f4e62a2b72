using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Retain.Analytics.Scoring;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Server.Cli;

/// <summary><c>retain score</c>: scores every customer from the database and stores the run, replacing the previous one.</summary>
internal static class ScoreCommand
{
    private static readonly StorageCliOptions Storage = new();
    private static readonly Option<int> DrawsOption = new("--draws") { Description = "Monte Carlo draws per customer for the intervals.", DefaultValueFactory = _ => 100 };

    public static Command Create()
    {
        var command = new Command("score", "Compute and store every customer's scores: P(alive), purchases and churn in 90 days, 12-month CLV, next order, with intervals") { DrawsOption };
        Storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(DrawsOption) < 10)
            {
                await Console.Error.WriteLineAsync("retain score: --draws must be at least 10.");
                return 2;
            }
            await using var services = CliHost.BuildServices(parse, Storage);
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            var progress = new Progress<string>(line => Console.Error.WriteLine($"  {line}"));
            ScoreRunSummary summary;
            try
            {
                summary = await services.GetRequiredService<ScoreRunner>().RunAsync(false,
                    new ScoringOptions { Draws = parse.GetValue(DrawsOption) }, progress, cancellationToken);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"retain score: {ex.Message}");
                return 1;
            }
            var run = summary.Run!;
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"Scored {run.Customers:N0} customers as of {run.DataCutoff:yyyy-MM-dd}: run {run.Id}, model {run.ModelVersion}"));
            Console.WriteLine(string.Create(c, $"  churn from {run.ChurnSource}; {summary.AtRisk:N0} at risk (churn probability ≥ {ScoreQueries.AtRiskThreshold:0.0}); VIP from a 12-month CLV of {run.VipThreshold:N2}"));
            Console.WriteLine(string.Create(c, $"  load {summary.Load.TotalSeconds:0.0} s · score {summary.Score.TotalSeconds:0.0} s · store {summary.Store.TotalSeconds:0.0} s"));
            return 0;
        });
        return command;
    }
}
