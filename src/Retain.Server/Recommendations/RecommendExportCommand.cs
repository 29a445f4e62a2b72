using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retain.Analytics.Measure;
using Retain.Core.Recommendations;
using Retain.Core.Storage;
using Retain.Server.Cli;

namespace Retain.Server.Recommendations;

/// <summary>
/// <c>retain recommend export --segment S --top 10 --out F</c>: each customer of an RFM segment (or all) with their
/// top-N recommendations and reasons, one row per recommendation, for e-mail tools.
/// </summary>
internal static class RecommendExportCommand
{
    public static Command Create()
    {
        var storage = new StorageCliOptions();
        var segment = new Option<string>("--segment") { Description = "RFM segment name (e.g. \"At Risk\", \"Loyal\") or all", DefaultValueFactory = _ => "all" };
        var top = new Option<int>("--top") { Description = "Recommendations per customer (1..100)", DefaultValueFactory = _ => 10 };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true };
        var excludeBought = new Option<bool>("--exclude-bought") { Description = "Only products the customer has not bought" };
        var export = new Command("export", "Export recommendations for the customers of a segment as CSV");
        storage.AddTo(export);
        foreach (var option in new Option[] { segment, top, output, excludeBought })
            export.Options.Add(option);
        export.Validators.Add(result =>
        {
            if (result.GetValue(top) is < 1 or > 100)
                result.AddError("--top must be between 1 and 100.");
            var name = result.GetValue(segment);
            if (name is not null && !name.Equals("all", StringComparison.OrdinalIgnoreCase) && Segment(name) is null)
                result.AddError($"--segment must be all or one of: {string.Join(", ", Enum.GetValues<RfmSegment>().Select(RfmSegments.Name))}.");
        });
        export.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = CliHost.BuildServices(parse, storage, s => s.AddSingleton<RecommendationService>());
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            Analytics.Data.ShopData data;
            await using (var db = await services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(cancellationToken))
                data = await ShopDataQueries.LoadAsync(db, cancellationToken);
            var snapshot = await services.GetRequiredService<RecommendationService>().RebuildAsync(force: true, cancellationToken);
            var wanted = Segment(parse.GetValue(segment)!);
            var customers = wanted is null
                ? data.Customers.Select(c => c.ExternalId)
                : Rfm.Score(data, data.Orders.Length == 0 ? DateTime.UtcNow.Date : data.Orders[^1].PlacedAt.Date.AddDays(1))
                    .Customers.Where(c => c.Segment == wanted).Select(c => c.ExternalId);
            var rows = 0;
            var file = parse.GetValue(output)!;
            await using (var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false)))
            {
                await writer.WriteLineAsync("customer_id,rank,sku,name,score,reason,because_of,explanation");
                foreach (var customer in customers)
                {
                    var items = snapshot.ForCustomer(customer, parse.GetValue(top), null, parse.GetValue(excludeBought));
                    for (var rank = 0; rank < items.Count; rank++, rows++)
                    {
                        var r = items[rank];
                        await writer.WriteLineAsync(string.Join(',', Csv(customer), (rank + 1).ToString(CultureInfo.InvariantCulture), Csv(r.Sku), Csv(r.Name),
                            r.Score.ToString("0.######", CultureInfo.InvariantCulture), r.Reason.ToString(), Csv(r.BecauseOf), Csv(r.Explanation)));
                    }
                }
            }
            Console.WriteLine($"Wrote {rows:N0} recommendations to {file.FullName}");
            return 0;
        });
        return new Command("recommend", "Product recommendations from the database") { export };
    }

    private static RfmSegment? Segment(string name) =>
        Enum.GetValues<RfmSegment>().Cast<RfmSegment?>().FirstOrDefault(s => RfmSegments.Name(s!.Value).Equals(name, StringComparison.OrdinalIgnoreCase)
                                                                            || s!.Value.ToString().Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Csv(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
