using System.Text;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Tests.Parsing;

internal static class ParseHelper
{
    public static (List<ImportedOrder> Orders, OrderFileReader Reader) Read(string csv, OrderFileFormat? format = null, bool dedup = false)
    {
        var reader = OrderFileReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)),
            new ImportOptions { Format = format ?? OrderFileFormat.Generic, DropRepeatedOrders = dedup }, "test.csv");
        var orders = reader.ReadOrders(TestContext.Current.CancellationToken).ToList();
        return (orders, reader);
    }

    public const string GenericHeader = "order_id,customer_id,ordered_at,sku,quantity,unit_price,currency\n";
}
