using Retain.Core.Import.Parsing;
using static Retain.Core.Tests.Parsing.ParseHelper;

namespace Retain.Core.Tests.Parsing;

public sealed class PresetTests
{
    [Fact]
    public void Shopify_OrderLevelFieldsOnFirstRow_RefundsAndCancellations()
    {
        const string csv = """
            Name,Email,Financial Status,Created at,Currency,Shipping,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem discount,Billing Country,Cancelled at,Refunded Amount
            #1001,Ann@Example.com,paid,2024-01-15 10:23:45 +0100,PLN,15.00,2,Mug,40.00,MUG-1,5.00,PL,,0.00
            #1001,,,,,,1,Tea,25.00,TEA-1,0.00,,,
            #1002,bob@example.com,refunded,2024-01-16 09:00:00 +0100,PLN,0.00,1,Cup,30.00,,0.00,PL,2024-01-17 12:00:00 +0100,30.00
            #1003,,paid,2024-01-17 09:00:00 +0100,PLN,0.00,1,Cup,30.00,CUP-1,0.00,PL,,
            """;
        var (orders, reader) = Read(csv, OrderFileFormat.Shopify);

        Assert.Equal(0, reader.Statistics.RowsRejected);
        var first = orders[0];
        Assert.Equal(("#1001", "ann@example.com", "PL", 15m), (first.ExternalId, first.CustomerExternalId, first.Country, first.Shipping));
        Assert.Equal(new DateTime(2024, 1, 15, 9, 23, 45, DateTimeKind.Utc), first.PlacedAt);
        Assert.Equal(2 * 40m - 5m + 25m, first.Lines.Sum(l => l.Amount));
        Assert.Equal(("Cup", true), (orders[1].Lines[0].Sku, orders[1].Cancelled));
        var refund = orders[2];
        Assert.Equal((ImportedOrderKind.Refund, "#1002", 30m), (refund.Kind, refund.RefundsOrderExternalId, refund.Lines[0].Amount));
        Assert.Null(orders[3].CustomerExternalId);
        Assert.Equal((3L, 1L, 1L), (reader.Statistics.Orders, reader.Statistics.Refunds, reader.Statistics.GuestOrders));
    }

    [Fact]
    public void Mapping_ReadsAnyLayout_WithDateFormatCurrencyAndCancellationPrefix()
    {
        const string csv = "Nr;Kunde;Datum;Artikel;Menge;Preis\n" +
                           "A1;k1;02/01/2024 10:00;X;2;1.5\n" +
                           "STORNO-A1;k1;03/01/2024 10:00;X;-2;1.5\n";
        var format = OrderFileFormat.Generic.WithMapping(
            "order_id=Nr,customer_id=Kunde,ordered_at=Datum,sku=Artikel,quantity=Menge,unit_price=Preis,currency=,date_format=dd/MM/yyyy HH:mm,currency=EUR,cancel_prefix=STORNO-,delimiter=;");
        var (orders, reader) = Read(csv, format);

        Assert.Equal(0, reader.Statistics.RowsRejected);
        Assert.Equal((new DateTime(2024, 1, 2, 10, 0, 0, DateTimeKind.Utc), "EUR"), (orders[0].PlacedAt, orders[0].Currency));
        Assert.Equal(ImportedOrderKind.Refund, orders[1].Kind);
    }

    [Theory]
    [InlineData("bogus=x", "Unknown mapping key 'bogus'")]
    [InlineData("currency=ABC", "not an ISO 4217 code")]
    [InlineData("order_id", "is not key=value")]
    public void Mapping_RejectsNonsense(string mapping, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => OrderFileFormat.Generic.WithMapping(mapping));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPreset_KnowsThePresets()
    {
        Assert.Same(OrderFileFormat.OnlineRetailII, OrderFileFormat.FromPreset("Online-Retail-II"));
        Assert.Contains("Presets: auto, online-retail-ii, shopify, generic", Assert.Throws<ArgumentException>(() => OrderFileFormat.FromPreset("x")).Message, StringComparison.Ordinal);
    }
}

public sealed class AutoPresetTests
{
    [Theory]
    [InlineData("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country", "online-retail-ii")]
    [InlineData("Name,Email,Created at,Currency,Lineitem quantity,Lineitem name,Lineitem price", "shopify")]
    [InlineData("order_id,ordered_at,sku,quantity,unit_price,currency", "generic")]
    public void Auto_DetectsThePresetFromTheHeader(string header, string preset)
    {
        var (_, reader) = ParseHelper.Read(header + "\n", OrderFileFormat.Auto);
        Assert.Equal(preset, reader.Format.Name);
    }
}
