using Retain.Analytics.Data;
using Retain.Core.Import.Parsing;
using Retain.Testing;

namespace Retain.Core.Tests.Parsing;

public sealed class ReadModesTests
{
    [Fact]
    public void ReadOrderTotals_GivesTheSameShopDataAndStatisticsAsReadOrders()
    {
        var path = Datasets.OnlineRetailII;
        var options = new ImportOptions { Format = OrderFileFormat.OnlineRetailII };
        var (full, fullStats) = Load(path, options, totals: false);
        var (totals, totalsStats) = Load(path, options, totals: true);

        Assert.Equal(full.Orders, totals.Orders);
        Assert.Equal(full.Refunds, totals.Refunds);
        Assert.Equal(full.Customers, totals.Customers);
        Assert.Equivalent(fullStats, totalsStats);
    }

    private static (ShopData, ImportStatistics) Load(string path, ImportOptions options, bool totals)
    {
        using var reader = OrderFileReader.Open(path, options);
        var builder = new ShopDataBuilder();
        if (totals)
        {
            foreach (var order in reader.ReadOrderTotals(TestContext.Current.CancellationToken))
                builder.Add(order);
        }
        else
        {
            foreach (var order in reader.ReadOrders(TestContext.Current.CancellationToken))
                builder.Add(order);
        }
        return (builder.Build(), reader.Statistics);
    }
}
