using Retain.Core.Import.Parsing;
using Retain.Testing;

namespace Retain.Core.Tests.Parsing;

public sealed class OnlineRetailIIParseTests
{
    [Theory]
    [InlineData(false, 0, 0)]
    [InlineData(true, 22_523, 1_088)]
    public void WholeFile_ParsesEveryRow(bool dedup, long droppedRows, long droppedOrders)
    {
        using var reader = OrderFileReader.Open(Datasets.OnlineRetailII,
            new ImportOptions { Format = OrderFileFormat.OnlineRetailII, DropRepeatedOrders = dedup });
        long lines = 0;
        foreach (var order in reader.ReadOrders(TestContext.Current.CancellationToken))
            lines += order.Lines.Count;

        var s = reader.Statistics;
        Assert.Equal(1_067_371, s.RowsRead);
        Assert.Equal(1_067_372, s.Lines);
        Assert.Equal((droppedRows, droppedOrders), (s.RepeatedRowsDropped, s.RepeatedOrdersDropped));
        Assert.Equal(s.RowsRead, s.RowsAccepted + s.RowsRejected + s.RepeatedRowsDropped);
        Assert.Equal(lines, s.RowsAccepted);
        // Rejected: sale rows with quantity <= 0 (stock adjustments, all without a customer) and negative prices.
        Assert.All(reader.Rejected, r => Assert.Matches("must be positive|is negative|is zero", r.Reason));
    }
}
