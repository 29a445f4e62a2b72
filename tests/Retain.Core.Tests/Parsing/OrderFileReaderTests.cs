using Retain.Core.Import.Parsing;
using static Retain.Core.Tests.Parsing.ParseHelper;

namespace Retain.Core.Tests.Parsing;

public sealed class OrderFileReaderTests
{
    [Fact]
    public void ContiguousRows_FormOneOrder_AndCancellationsBecomeRefunds()
    {
        const string csv = """
            Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country
            489434,85048,GLASS BALL,12,2009-12-01 07:45:00,6.95,13085,United Kingdom
            489434,79323P,PINK LIGHTS,12,2009-12-01 07:46:00,6.75,13085,United Kingdom
            C489449,22087,PAPER BUNTING,-12,2009-12-01 10:33:00,2.95,16321,Australia
            489450,21871,SAVE THE PLANET MUG,4,2009-12-01 10:40:00,1.25,,United Kingdom
            """;
        var (orders, reader) = Read(csv, OrderFileFormat.OnlineRetailII);

        Assert.Equal(3, orders.Count);
        var first = orders[0];
        Assert.Equal(("489434", ImportedOrderKind.Order, "13085", "GBP", "United Kingdom"), (first.ExternalId, first.Kind, first.CustomerExternalId, first.Currency, first.Country));
        Assert.Equal(new DateTime(2009, 12, 1, 7, 45, 0, DateTimeKind.Utc), first.PlacedAt);
        Assert.Equal([2L, 3L], first.Lines.Select(l => l.LineNumber));
        Assert.Equal(12 * 6.95m + 12 * 6.75m, first.Lines.Sum(l => l.Amount));
        Assert.Equal((ImportedOrderKind.Refund, 12), (orders[1].Kind, orders[1].Lines[0].Quantity));
        Assert.Null(orders[2].CustomerExternalId);
        var s = reader.Statistics;
        Assert.Equal((4L, 0L, 1L, 2L, 1L, 1L, 5L), (s.RowsRead, s.RowsRejected, s.GuestRows, s.Orders, s.GuestOrders, s.Refunds, s.Lines));
    }

    [Fact]
    public void QuotedFields_WithCommasQuotesAndNewlines_KeepLineNumbers()
    {
        const string csv = "order_id,ordered_at,sku,product_name,quantity,unit_price,currency\r\n" +
                           "1,2024-01-02,A,\"Mug, \"\"big\"\"\nsecond line\",1,10,EUR\r\n" +
                           "2,2024-01-03,B,plain,2,5.5,eur\r\n";
        var (orders, reader) = Read(csv);

        Assert.Equal(0, reader.Statistics.RowsRejected);
        Assert.Equal("Mug, \"big\"\nsecond line", orders[0].Lines[0].ProductName);
        Assert.Equal(4, orders[1].Lines[0].LineNumber);
        Assert.Equal("EUR", orders[1].Currency);
    }

    [Theory]
    [InlineData("1,c1,2024-01-02,A,abc,10,EUR", "'abc' is not a whole number")]
    [InlineData("1,c1,2024-01-02,A,-2,10,EUR", "must be positive on a sale row")]
    [InlineData("1,c1,2024-01-02,A,0,10,EUR", "must be positive on a sale row")]
    [InlineData("1,c1,2024-01-02,A,2,ten,EUR", "'ten' is not a number")]
    [InlineData("1,c1,2024-01-02,A,2,-1,EUR", "is negative")]
    [InlineData("1,c1,yesterday,A,2,10,EUR", "'yesterday' is not a date")]
    [InlineData("1,c1,2024-02-30,A,2,10,EUR", "is not a date")]
    [InlineData("1,c1,2024-01-02,A,2,10,XYZ", "'XYZ' is not an ISO 4217 currency code")]
    [InlineData("1,c1,2024-01-02,,2,10,EUR", "are both empty")]
    [InlineData(",c1,2024-01-02,A,2,10,EUR", "order_id is empty")]
    [InlineData("1,c1,2024-01-02,A,2,10", "expected 7 fields")]
    [InlineData("1,c1,\"2024-01-02\"x,A,2,10,EUR", "malformed CSV: unexpected text after a closing quote")]
    [InlineData("1,c1,\"2024-01-02,A,2,10,EUR", "malformed CSV: unterminated quoted field")]
    public void InvalidRow_IsRejected_WithLineNumberAndReason_AndTheRestIsRead(string bad, string reason)
    {
        var csv = GenericHeader + "0,c0,2024-01-01,A,1,1,EUR\n" + bad + "\n9,c9,2024-01-03,B,1,2,EUR\n";
        var (orders, reader) = Read(csv);

        var rejected = Assert.Single(reader.Rejected);
        Assert.Equal(3, rejected.LineNumber);
        Assert.Contains(reason, rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(bad, rejected.Raw);
        Assert.Equal(["0", "9"], orders.Select(o => o.ExternalId));
        Assert.Equal((3L, 1L), (reader.Statistics.RowsRead, reader.Statistics.RowsRejected));
    }

    [Fact]
    public void MalformedRowInsideAnOrder_KeepsTheOrdersValidLines()
    {
        var csv = GenericHeader + "1,c1,2024-01-02,A,1,10,EUR\n1,c1,2024-01-02,B,x,10,EUR\n1,c1,2024-01-02,C,3,1,EUR\n";
        var (orders, reader) = Read(csv);

        Assert.Equal(["A", "C"], Assert.Single(orders).Lines.Select(l => l.Sku));
        Assert.Equal(3, Assert.Single(reader.Rejected).LineNumber);
    }

    [Fact]
    public void GenericKindColumn_MarksRefunds_AndAcceptsNegativeRefundQuantities()
    {
        const string csv = "order_id,customer_id,ordered_at,sku,quantity,unit_price,currency,kind,discount\n" +
                           "1,c1,2024-01-02T10:00:00Z,A,2,10,PLN,order,1.5\n" +
                           "R1,c1,2024-01-05T10:00:00+02:00,A,-1,10,PLN,refund,\n" +
                           "2,c1,2024-01-06,A,1,10,PLN,gift,\n";
        var (orders, reader) = Read(csv);

        Assert.Equal(18.5m, orders[0].Lines[0].Amount);
        Assert.Equal((ImportedOrderKind.Refund, 1), (orders[1].Kind, orders[1].Lines[0].Quantity));
        Assert.Equal(new DateTime(2024, 1, 5, 8, 0, 0, DateTimeKind.Utc), orders[1].PlacedAt);
        Assert.Contains("'gift' is not order, refund", Assert.Single(reader.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DropRepeatedOrders_DropsAFullRepeat_ButKeepsAPartialContinuation()
    {
        var csv = GenericHeader +
                  "1,c1,2024-01-02,A,1,10,EUR\n1,c1,2024-01-02,B,1,10,EUR\n" +
                  "2,c2,2024-01-02,A,1,10,EUR\n" +
                  "1,c1,2024-01-02,A,1,10,EUR\n" + // order 1 continues (an exact duplicate line, but not the whole order)
                  "3,c3,2024-01-02,A,1,10,EUR\n" +
                  "2,c2,2024-01-02,A,1,10,EUR\n" + // the whole of order 2 again
                  "1,c1,2024-01-02,B,1,10,EUR\n1,c1,2024-01-02,A,1,10,EUR\n"; // the whole of order 1 again
        var (asShipped, _) = Read(csv);
        var (dedup, reader) = Read(csv, dedup: true);

        Assert.Equal(["1", "2", "1", "3", "2", "1"], asShipped.Select(o => o.ExternalId));
        Assert.Equal(["1", "2", "1", "3"], dedup.Select(o => o.ExternalId));
        Assert.Equal((3L, 2L), (reader.Statistics.RepeatedRowsDropped, reader.Statistics.RepeatedOrdersDropped));
    }

    [Fact]
    public void DropRepeatedOrders_KeepsAContinuationWithNewRows()
    {
        var csv = GenericHeader + "1,c1,2024-01-02,A,1,10,EUR\n2,c2,2024-01-02,A,1,10,EUR\n1,c1,2024-01-02,B,1,10,EUR\n";
        var (dedup, reader) = Read(csv, dedup: true);

        Assert.Equal(["1", "2", "1"], dedup.Select(o => o.ExternalId));
        Assert.Equal(0, reader.Statistics.RepeatedRowsDropped);
    }
}

public sealed class RejectionCountTests
{
    [Fact]
    public void RejectionsByReason_CountsEveryRejectedRow_ByKind()
    {
        var csv = ParseHelper.GenericHeader + "1,c,2024-01-02,A,-1,1,EUR\n2,c,2024-01-02,A,-5,1,EUR\n3,c,2024-01-02,A,1,1,XYZ\n";
        var (_, reader) = ParseHelper.Read(csv);
        Assert.Equal(2, reader.Statistics.RejectionsByReason["quantity must be positive on a sale row"]);
        Assert.Equal(1, reader.Statistics.RejectionsByReason["currency"]);
    }
}
