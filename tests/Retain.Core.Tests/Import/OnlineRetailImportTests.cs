using Retain.Analytics.Measure;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;
using Retain.Testing;

namespace Retain.Core.Tests.Import;

/// <summary>
/// The database path agrees with EVALUATION.md §1: importing Online Retail II keeps one copy of every order (the
/// duplicated sheet overlap is recognised as a repeat), so the measurements read back from the database are the
/// "dedup" figures, on both providers; importing the same file again changes nothing.
/// </summary>
public sealed class OnlineRetailImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Import_ThenLoad_GivesTheDedupFigures_AndAReimportChangesNothing(DatabaseProvider provider)
    {
        var file = Datasets.OnlineRetailII;
        await using var test = await ImportTestContext.CreateAsync(provider);
        var options = new ImportOptions { Format = OrderFileFormat.FromPreset("online-retail-ii") };

        var first = await test.Importer.ImportFileAsync(file, options, "GBP", rejectsPath: test.File("rejects.csv"), cancellationToken: Ct);
        Assert.Equal(41_938, first.OrdersInserted);

        await using (var db = test.NewContext())
        {
            var data = await ShopDataQueries.LoadAsync(db, Ct);
            var customerOrders = data.Orders.Where(o => !o.IsGuest).ToList();
            Assert.Equal(5_881, customerOrders.Select(o => o.Customer).Distinct().Count());
            Assert.Equal(36_975, customerOrders.Count);
            Assert.Equal(17_431_551.18m, decimal.Round(customerOrders.Sum(o => o.Revenue), 2));
            var rfm = Rfm.Score(data, new DateTime(2011, 12, 10, 0, 0, 0, DateTimeKind.Utc));
            Assert.Equal([0, 286.6, 611.6, 1231.38, 2911.62, 580987.04], rfm.MonetaryEdges.Select(e => Math.Round(e, 2)));
        }

        var again = await test.Importer.ImportFileAsync(file, options, "GBP", rejectsPath: test.File("rejects.csv"), cancellationToken: Ct);
        Assert.Equal((0, 0, first.OrdersInserted), (again.OrdersInserted, again.OrdersUpdated, again.OrdersUnchanged));
        Assert.Equal(0, again.RefundsInserted);
    }
}
