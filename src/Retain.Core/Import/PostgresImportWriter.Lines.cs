using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace Retain.Core.Import;

internal sealed partial class PostgresImportWriter
{
    private const string CopyOrderLinesSql =
        """COPY "OrderLines" ("OrderId", "LineNo", "ProductId", "Sku", "Name", "Quantity", "UnitPrice", "Discount") FROM STDIN (FORMAT BINARY)""";

    private void HoldLines(PreparedOrder order)
    {
        var lineNo = order.FirstLineNo - 1;
        foreach (var line in order.Source.Lines)
            _orderLines.Add(new HeldLine(order.Sequence, ++lineNo, line.Quantity, line.Sku, line.ProductName, line.UnitPrice, line.Discount));
    }

    /// <summary>Inserts the new orders; says their ids by staging sequence (the sequence of each id's header).</summary>
    private async Task<Dictionary<int, long>> InsertOrdersAsync(CancellationToken cancellationToken)
    {
        var ids = new Dictionary<int, long>();
        await using var command = CreateCommand(InsertOrdersSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids[_orders[reader.GetString(1)].Sequence] = reader.GetInt64(0);
        return ids;
    }

    /// <summary>
    /// Copies the held order lines straight into "OrderLines", now that every order they belong to has its id (new
    /// ones from the sequence by the insert, changed ones kept) and every product its id (<paramref name="products"/>
    /// when streaming knew them already). Lines of an order the file leaves unchanged have no target and are skipped,
    /// as the staged join skipped them.
    /// </summary>
    private async Task CopyOrderLinesAsync(Dictionary<int, long> targets, Dictionary<string, long>? products, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand(ChangedOrdersSql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                targets[reader.GetInt32(0)] = reader.GetInt64(1);
        }
        if (targets.Count == 0)
        {
            _orderLines.Clear();
            return;
        }
        if (products is null)
        {
            products = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var command = new NpgsqlCommand(ProductIdsSql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                products[reader.GetString(0)] = reader.GetInt64(1);
        }

        await using var importer = await connection.BeginBinaryImportAsync(CopyOrderLinesSql, cancellationToken);
        foreach (ref readonly var line in CollectionsMarshal.AsSpan(_orderLines))
        {
            if (!targets.TryGetValue(line.Sequence, out var orderId))
                continue;
            // Every SKU of the file is in the catalog the products were upserted from.
            var productId = products.TryGetValue(line.Sku, out var id) ? id
                : throw new InvalidOperationException($"Product {line.Sku} was not stored.");
            WriteLine(importer, orderId, line.LineNo, productId, line.Sku, line.Name, line.Quantity, line.UnitPrice, line.Discount);
        }
        await importer.CompleteAsync(cancellationToken);
        _orderLines.Clear();
    }

    /// <summary>One row of <see cref="CopyOrderLinesSql"/>.</summary>
    private static void WriteLine(NpgsqlBinaryImporter importer, long orderId, int lineNo, long productId, string sku, string? name,
        int quantity, decimal unitPrice, decimal discount)
    {
        importer.StartRow(); // synchronous: a million awaits cost more than they save
        importer.Write(orderId, NpgsqlDbType.Bigint);
        importer.Write(lineNo, NpgsqlDbType.Integer);
        importer.Write(productId, NpgsqlDbType.Bigint);
        importer.Write(sku, NpgsqlDbType.Text);
        WriteNullable(importer, name);
        importer.Write(quantity, NpgsqlDbType.Integer);
        importer.Write(unitPrice, NpgsqlDbType.Numeric);
        importer.Write(discount, NpgsqlDbType.Numeric);
    }

    private async Task CopyRefundLinesAsync(CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY stg_lines (seq, line_no, sku, name, qty, unit_price, discount, amount) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var refund in _refundGroups)
        {
            var lineNo = refund.FirstLineNo - 1;
            foreach (var line in refund.Source.Lines)
            {
                importer.StartRow();
                importer.Write(refund.Sequence, NpgsqlDbType.Integer);
                importer.Write(++lineNo, NpgsqlDbType.Integer);
                importer.Write(line.Sku, NpgsqlDbType.Text);
                WriteNullable(importer, line.ProductName);
                importer.Write(line.Quantity, NpgsqlDbType.Integer);
                importer.Write(line.UnitPrice, NpgsqlDbType.Numeric);
                importer.Write(line.Discount, NpgsqlDbType.Numeric);
                importer.Write(line.Amount, NpgsqlDbType.Numeric);
            }
        }
        await importer.CompleteAsync(cancellationToken);
        _refundGroups.Clear();
    }

    /// <summary>An order line waiting for its order's id; <see cref="Sequence"/> is the order's staging key.</summary>
    private readonly record struct HeldLine(int Sequence, int LineNo, int Quantity, string Sku, string? Name, decimal UnitPrice, decimal Discount);
}
