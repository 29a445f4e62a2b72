using System.CommandLine;

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
        root.Subcommands.Add(new Command("backtest", "Evaluate models out of time on a file.") { Recommendations.BacktestRecommendationsCommand.Create() });
        root.Subcommands.Add(Recommendations.RecommendExportCommand.Create());
        var parse = root.Parse(args);
        return await parse.InvokeAsync();
    }
}
