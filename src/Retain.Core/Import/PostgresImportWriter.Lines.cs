using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace Retain.Core.Import;

internal sealed partial class PostgresImportWriter
{
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
    /// ones from the sequence by the insert, changed ones kept) and every product its id. Lines of an order group the
    /// file repeated later, or of an order it leaves unchanged, have no target and are skipped, as the staged join
    /// skipped them.
    /// </summary>
    private async Task CopyOrderLinesAsync(Dictionary<int, long> targets, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand(ChangedOrdersSql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                targets[reader.GetInt32(0)] = reader.GetInt64(1);
        }
        var products = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(ProductIdsSql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                products[reader.GetString(0)] = reader.GetInt64(1);
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            """COPY "OrderLines" ("OrderId", "LineNo", "ProductId", "Sku", "Name", "Quantity", "UnitPrice", "Discount") FROM STDIN (FORMAT BINARY)""",
            cancellationToken);
        foreach (ref readonly var line in CollectionsMarshal.AsSpan(_orderLines))
        {
            if (!targets.TryGetValue(line.Sequence, out var orderId))
                continue;
            // Every SKU of the file is in the catalog the products were upserted from.
            var productId = products.TryGetValue(line.Sku, out var id) ? id
                : throw new InvalidOperationException($"Product {line.Sku} was not stored.");
            importer.StartRow(); // synchronous, like the staging COPY was: a million awaits cost more than they save
            importer.Write(orderId, NpgsqlDbType.Bigint);
            importer.Write(line.LineNo, NpgsqlDbType.Integer);
            importer.Write(productId, NpgsqlDbType.Bigint);
            importer.Write(line.Sku, NpgsqlDbType.Text);
            WriteNullable(importer, line.Name);
            importer.Write(line.Quantity, NpgsqlDbType.Integer);
            importer.Write(line.UnitPrice, NpgsqlDbType.Numeric);
            importer.Write(line.Discount, NpgsqlDbType.Numeric);
        }
        await importer.CompleteAsync(cancellationToken);
        _orderLines.Clear();
    }

    /// <summary>An order line waiting for its order's id; <see cref="Sequence"/> is the order's staging key.</summary>
    private readonly record struct HeldLine(int Sequence, int LineNo, int Quantity, string Sku, string? Name, decimal UnitPrice, decimal Discount);
}
