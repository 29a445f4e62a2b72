using System.IO.Compression;
using System.Text;
using Retain.Core.Import.Parsing;
using Retain.Testing;
using static Retain.Core.Tests.Parsing.ParseHelper;

namespace Retain.Core.Tests.Parsing;

public sealed class FileErrorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    public void EmptyFile_Throws(string content)
    {
        var ex = Assert.Throws<ImportFileException>(() => Read(content));
        Assert.Contains("is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderOnly_YieldsNothing()
    {
        var (orders, reader) = Read(GenericHeader);
        Assert.Empty(orders);
        Assert.Equal(0, reader.Statistics.RowsRead);
    }

    [Fact]
    public void MissingRequiredColumns_Throws_NamingThemAndTheColumnsFound()
    {
        var ex = Assert.Throws<ImportFileException>(() => Read("Invoice,Quantity,Price\n1,2,3\n", OrderFileFormat.OnlineRetailII));
        Assert.Contains("'InvoiceDate' (ordered_at)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'StockCode' (sku) or 'Description' (product_name)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Its columns are: 'Invoice', 'Quantity', 'Price'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoCurrencyColumnOrDefault_Throws()
    {
        var ex = Assert.Throws<ImportFileException>(() => Read("order_id,ordered_at,sku,quantity,unit_price\n"));
        Assert.Contains("no currency column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_Throws()
    {
        var ex = Assert.Throws<ImportFileException>(() => OrderFileReader.Open("/nonexistent/orders.csv"));
        Assert.Contains("Could not open", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipOfACsv_IsDetectedByMagicBytes()
    {
        var path = TempGzip(GenericHeader + "1,c1,2024-01-02,A,1,10,EUR\n");
        using var reader = OrderFileReader.Open(path);
        Assert.Equal("1", Assert.Single(reader.ReadOrders(TestContext.Current.CancellationToken)).ExternalId);
    }

    [Fact]
    public void TruncatedGzip_OfTheRealFile_Throws()
    {
        var source = Datasets.OnlineRetailII;
        var path = Path.Combine(Path.GetTempPath(), $"retain-trunc-{Guid.NewGuid():N}.csv.gz");
        using (var input = File.OpenRead(source))
        using (var output = File.Create(path))
        {
            var head = new byte[2_000_000];
            input.ReadExactly(head);
            output.Write(head);
        }
        try
        {
            using var reader = OrderFileReader.Open(path, new ImportOptions { Format = OrderFileFormat.OnlineRetailII });
            var ex = Assert.Throws<ImportFileException>(() => reader.ReadOrders(TestContext.Current.CancellationToken).Count());
            Assert.Contains("truncated or corrupt", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CorruptGzip_Throws()
    {
        var path = TempGzip(GenericHeader + string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i},c{i},2024-01-02,SKU{i},1,10,EUR\n")));
        var bytes = File.ReadAllBytes(path);
        for (var i = 40; i < 60; i++)
            bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        // Depending on where the damage is, the header read (Open) or a later read throws.
        var ex = Assert.Throws<ImportFileException>(() =>
        {
            using var reader = OrderFileReader.Open(path);
            return reader.ReadOrders(TestContext.Current.CancellationToken).Count();
        });
        Assert.Contains("gzip", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooShortGzip_Throws()
    {
        var path = Path.Combine(Path.GetTempPath(), $"retain-{Guid.NewGuid():N}.csv.gz");
        File.WriteAllBytes(path, [0x1F, 0x8B, 8, 0]);
        var ex = Assert.Throws<ImportFileException>(() => OrderFileReader.Open(path));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    private static string TempGzip(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"retain-{Guid.NewGuid():N}.csv.gz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(content));
        return path;
    }
}
