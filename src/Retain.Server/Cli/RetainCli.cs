using System.CommandLine;
using Retain.Core.Storage;

namespace Retain.Server.Cli;

/// <summary>The <c>retain</c> command line: every verb, including <c>serve</c>, shares the same host and DI setup.</summary>
public static class RetainCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Retain: the self-hosted customer-retention engine.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(ApiKeyCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        // `backtest` fits the CLV and churn models; `backtest recommendations` runs protocol A.
        var backtest = BacktestCommand.Create();
        backtest.Subcommands.Add(Recommendations.BacktestRecommendationsCommand.Create());
        root.Subcommands.Add(backtest);
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(Recommendations.RecommendExportCommand.Create());
        root.Subcommands.Add(Loyalty.LoyaltySimulationCommand.Create());
        var parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync();
        }
        catch (SchemaMismatchException ex)
        {
            // Any verb that opens the database can meet it; a stack trace would hide the one thing to do.
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}
