using Microsoft.Data.Sqlite;
using Retain.Core.Import.Parsing;
using Retain.Core.Orders;
using Retain.Core.Storage;

namespace Retain.Core.Import;

/// <summary>The per-row writes: headers and lines bound straight into their prepared statements.</summary>
internal sealed partial class SqliteImportWriter
{
    /// <summary>Binds in the column order of the two header INSERTs in <see cref="BeginAsync"/>.</summary>
    private long InsertHeader(SqliteRawStatement insert, PreparedOrder item, long? customerId, long? orderId)
    {
        var rate = SqliteModelConventions.ToScaled(item.Rate, ColumnSizes.RateScale);
        var total = SqliteModelConventions.ToScaled(item.Total, ColumnSizes.MoneyScale);
        insert.BindOnce(1, item.ExternalId);
        if (item.IsRefund)
        {
            insert.Bind(2, orderId);
            insert.Bind(3, customerId);
            insert.BindOnce(4, SqliteModelConventions.FormatDateTime(item.PlacedAt));
            insert.Bind(5, (int)RefundKind.Refund);
            insert.Bind(6, item.Currency);
            insert.Bind(7, rate);
            insert.Bind(8, total);
            insert.Bind(9, _source);
            insert.BindOnce(10, item.Hash);
            insert.Bind(11, _now);
            return insert.Insert();
        }
        insert.Bind(2, customerId);
        insert.BindOnce(3, SqliteModelConventions.FormatDateTime(item.PlacedAt));
        insert.Bind(4, (int)(item.Source.Cancelled ? OrderStatus.Cancelled : OrderStatus.Placed));
        insert.Bind(5, item.Currency);
        insert.Bind(6, rate);
        insert.Bind(7, SqliteModelConventions.ToScaled(item.Source.Shipping, ColumnSizes.MoneyScale));
        insert.Bind(8, total);
        insert.Bind(9, item.Source.Country);
        insert.Bind(10, _source);
        insert.BindOnce(11, item.Hash);
        insert.Bind(12, _now);
        return insert.Insert();
    }

    private void SetHeader(SqliteCommand command, PreparedOrder item, long? customerId, long? orderId)
    {
        var p = command.Parameters;
        p["$customer"].Value = customerId is { } c ? c : DBNull.Value;
        p["$at"].Value = SqliteModelConventions.FormatDateTime(item.PlacedAt);
        p["$currency"].Value = item.Currency;
        p["$rate"].Value = SqliteModelConventions.ToScaled(item.Rate, ColumnSizes.RateScale);
        p["$total"].Value = SqliteModelConventions.ToScaled(item.Total, ColumnSizes.MoneyScale);
        p["$source"].Value = _source;
        p["$hash"].Value = item.Hash;
        if (p.Contains("$now"))
            p["$now"].Value = _now;
        if (item.IsRefund)
        {
            p["$order"].Value = orderId is { } o ? o : DBNull.Value;
            p["$kind"].Value = (int)RefundKind.Refund;
            return;
        }
        p["$status"].Value = (int)(item.Source.Cancelled ? OrderStatus.Cancelled : OrderStatus.Placed);
        p["$shipping"].Value = SqliteModelConventions.ToScaled(item.Source.Shipping, ColumnSizes.MoneyScale);
        p["$country"].Value = (object?)item.Source.Country ?? DBNull.Value;
    }

    private void InsertLines(Table table, long headerId, PreparedOrder item)
    {
        var insert = table.InsertLine;
        var lineNo = item.FirstLineNo - 1;
        foreach (var line in item.Source.Lines)
        {
            insert.Bind(1, headerId);
            insert.Bind(2, ++lineNo);
            if (item.IsRefund)
            {
                insert.Bind(3, line.Sku);
                insert.Bind(4, line.Quantity);
                insert.Bind(5, SqliteModelConventions.ToScaled(line.Amount, ColumnSizes.MoneyScale));
            }
            else
            {
                insert.Bind(3, ProductIdForLine(line));
                insert.Bind(4, line.Sku);
                insert.Bind(5, line.ProductName);
                insert.Bind(6, line.Quantity);
                insert.Bind(7, SqliteModelConventions.ToScaled(line.UnitPrice, ColumnSizes.MoneyScale));
                insert.Bind(8, line.Discount == 0 ? 0 : SqliteModelConventions.ToScaled(line.Discount, ColumnSizes.MoneyScale));
            }
            insert.Execute();
        }
        if (!item.IsRefund)
        {
            _orderLinesWritten += item.Source.Lines.Count;
            _deferredIndexes.OnLinesWritten(_orderLinesWritten, "OrderLines");
        }
    }

    /// <summary>
    /// The product of a line by the SKU's string instance first: the parser pools SKUs, so a million lines find their
    /// product without hashing the text; an instance not seen yet (or not pooled) goes through the SKU dictionary.
    /// </summary>
    private long ProductIdForLine(ImportedLine line)
    {
        if (_productIdsBySkuInstance.TryGetValue(line.Sku, out var id))
            return id;
        id = ResolveProduct(line.Sku, line.ProductName, line.Category);
        if (_productIdsBySkuInstance.Count < MaxSkuInstances)
            _productIdsBySkuInstance[line.Sku] = id;
        return id;
    }
}
