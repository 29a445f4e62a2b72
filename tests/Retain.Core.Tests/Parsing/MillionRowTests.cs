using System.Globalization;
using System.IO.Compression;
using System.Text;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Tests.Parsing;

public sealed class MillionRowTests
{
    /// <summary>A generated 1,000,000-row gzip file, every 997th row broken: a clear result, no crash.</summary>
    [Fact]
    public void GeneratedMillionRowFile_ParsesWithExactCounts()
    {
        const int rows = 1_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"retain-1m-{Guid.NewGuid():N}.csv.gz");
        var expectedRejected = 0;
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16))
        {
            writer.Write("order_id,customer_id,ordered_at,sku,product_name,quantity,unit_price,currency\n");
            for (var i = 0; i < rows; i++)
            {
                var order = i / 4; // four lines per order
                var customer = order % 50_000;
                var quantity = i % 997 == 0 ? "-1" : "2";
                expectedRejected += i % 997 == 0 ? 1 : 0;
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{order},{(customer % 10 == 0 ? "" : "c" + customer)},2024-{1 + order % 12:00}-{1 + order % 28:00} 10:00:00,SKU{i % 5000},\"Product, {i % 5000}\",{quantity},{i % 100}.99,EUR\n"));
            }
        }
        try
        {
            using var reader = OrderFileReader.Open(path);
            var builder = new ShopDataBuilder();
            long orders = 0;
            foreach (var order in reader.ReadOrderTotals(TestContext.Current.CancellationToken))
            {
                builder.Add(order);
                orders++;
            }
            var s = reader.Statistics;
            Assert.Equal(rows, s.RowsRead);
            Assert.Equal(expectedRejected, s.RowsRejected);
            Assert.Equal(rows - expectedRejected, s.RowsAccepted);
            Assert.Equal(rows / 4, orders);
            Assert.Equal(rows / 4 / 10, s.GuestOrders);
            Assert.Equal(reader.Options.MaxRejectedRowsKept, reader.Rejected.Count);
            Assert.Equal(45_000, builder.Build().Customers.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
