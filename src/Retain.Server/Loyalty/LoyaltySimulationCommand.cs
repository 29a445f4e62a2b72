using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Server.Cli;

namespace Retain.Server.Loyalty;

/// <summary><c>retain loyalty liability</c> and <c>retain loyalty simulate --rules FILE</c>: the API's reports on the command line.</summary>
internal static class LoyaltySimulationCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly StorageCliOptions Storage = new();
    private static readonly Option<FileInfo> RulesOption = new("--rules") { Description = "Proposed rules as JSON, in the shape of PUT /api/v1/loyalty/programme's rules.", Required = true };
    private static readonly Option<int> MonthsOption = new("--months") { Description = "How many months of orders and refunds to replay.", DefaultValueFactory = _ => 12 };

    public static Command Create()
    {
        var loyalty = new Command("loyalty", "Loyalty programme reports");
        var liability = new Command("liability", "Outstanding points × point value per tier, expected breakage and points expiring soon, as JSON");
        Storage.AddTo(liability);
        liability.SetAction(async (parse, ct) =>
        {
            await using var services = CliHost.BuildServices(parse, Storage);
            await using var db = await services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(ct);
            Console.WriteLine(JsonSerializer.Serialize(await LoyaltyLiabilityQueries.ReportAsync(db, DateTime.UtcNow, ct), Json));
            return 0;
        });
        var simulate = new Command("simulate", "Replay the last months of real orders and refunds through proposed rules, beside the current ones; writes nothing") { RulesOption, MonthsOption };
        Storage.AddTo(simulate);
        simulate.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(RulesOption)!;
            LoyaltyRules? rules;
            try
            {
                rules = JsonSerializer.Deserialize<LoyaltyRules>(await File.ReadAllTextAsync(file.FullName, ct), Json);
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"retain loyalty simulate: cannot read {file.FullName}: {ex.Message}");
                return 2;
            }
            await using var services = CliHost.BuildServices(parse, Storage);
            await using var db = await services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(ct);
            try
            {
                var report = await LoyaltySimulation.RunAsync(db, rules ?? new LoyaltyRules(), DateTime.UtcNow, parse.GetValue(MonthsOption), ct);
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Replayed {report.Orders:N0} orders and {report.Refunds:N0} refunds of {report.Members:N0} members in {report.Seconds:0.0} s."));
                return 0;
            }
            catch (LoyaltyException ex)
            {
                await Console.Error.WriteLineAsync($"retain loyalty simulate: {ex.Field}: {ex.Message}");
                return 2;
            }
        });
        loyalty.Subcommands.Add(liability);
        loyalty.Subcommands.Add(simulate);
        return loyalty;
    }
}
