using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;

namespace Retain.Bench;

/// <summary>
/// Where an import's CPU goes, phase by phase: reading+parsing the file alone, then with the
/// planner (validation, currency, content hashes), then a whole import into a fresh SQLite database. Wall and process CPU time per phase, so a loaded machine still
/// gives comparable CPU figures. <c>dotnet run -c Release --project bench/Retain.Bench -- import-phases FILE [runs]</c>
/// </summary>
internal static class ImportPhaseSuite
{
    public static int Run(string[] args)
    {
        var file = args.Length > 0 ? args[0] : throw new ArgumentException("usage: import-phases FILE [runs]");
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var options = new ImportOptions { Format = OrderFileFormat.OnlineRetailII };
        for (var run = 0; run < runs; run++)
        {
            Measure("parse", () =>
            {
                using var reader = OrderFileReader.Open(file, options);
                long lines = 0;
                foreach (var order in reader.ReadOrders())
                    lines += order.Lines.Count;
                return lines;
            });
            Measure("parse+plan", () =>
            {
                using var reader = OrderFileReader.Open(file, options);
                var planner = new ImportPlanner("GBP", new ExchangeRateTable("GBP", []));
                long prepared = 0;
                foreach (var order in reader.ReadOrders())
                    if (planner.Prepare(order) is not null)
                        prepared++;
                return prepared;
            });
            Measure("sqlite", () =>
            {
                var folder = Directory.CreateTempSubdirectory("retain-bench-").FullName;
                try
                {
                    var database = Path.Combine(folder, "retain.db");
                    var options = RetainDbContextSetup.CreateOptions(database);
                    new DatabaseMigrator(new PooledDbContextFactory<RetainDbContext>(options), NullLogger<DatabaseMigrator>.Instance)
                        .MigrateAsync().GetAwaiter().GetResult();
                    return BenchDatabases.ImportAsync(database, file).GetAwaiter().GetResult().LinesRead;
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                }
            });
        }
        return 0;
    }

    private static void Measure(string phase, Func<long> body)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var count = body();
        process.Refresh();
        Console.WriteLine($"{phase,-12} {wall.Elapsed.TotalSeconds,6:F2} s wall {(process.TotalProcessorTime - cpu).TotalSeconds,6:F2} s CPU ({count:N0})");
    }
}
