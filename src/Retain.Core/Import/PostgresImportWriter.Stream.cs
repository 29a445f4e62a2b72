using Npgsql;
using NpgsqlTypes;

namespace Retain.Core.Import;

/// <summary>
/// Streaming the order lines into "OrderLines" while the file is still being parsed, so that the server's inserts
/// overlap the client's parsing instead of following it (the lines' COPY was 6 s of a 15 s import, all of it serial).
/// A line needs its order's and its product's id before either row exists, so the import reserves them: it locks
/// "Orders" and "Products" against other writers (adding the foreign keys back at the end locked them anyway), reads
/// the stored order ids and SKUs, and numbers new orders and products on from their identity sequences, which it moves
/// past the numbers it used at the end. The foreign keys and secondary indexes of "OrderLines" are dropped first
/// (<see cref="PostgresDeferredConstraints"/>) and validated and rebuilt before the commit, so nothing unchecked is
/// ever committed and a failure rolls all of it back. This pays only when the file is large against what the table
/// holds, so lines are held in memory until that is clear (and for good on a small file: the plain path at the end).
/// Lines of orders already stored are still held: whether they replace the stored ones is known only at the end.
/// </summary>
internal sealed partial class PostgresImportWriter
{
    private const int FirstStreamAttemptAt = 10_000;
    private int _streamAttemptAt = FirstStreamAttemptAt;
    private LineStream? _stream;

    public async Task BatchWrittenAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null || _orderLines.Count < _streamAttemptAt)
            return;
        var constraints = await PostgresDeferredConstraints.DeferAsync(connection, transaction, "OrderLines", _orderLines.Count, cancellationToken);
        if (!constraints.Deferred)
        {
            // The table holds too much for now; the file may yet prove large enough.
            _streamAttemptAt *= 2;
            return;
        }
        await ExecuteAsync("""LOCK TABLE "Orders", "Products" IN SHARE ROW EXCLUSIVE MODE""", cancellationToken);
        var stream = new LineStream(constraints);
        await using (var command = CreateCommand("""
            SELECT nextval(pg_get_serial_sequence('"Orders"', 'Id')), nextval(pg_get_serial_sequence('"Products"', 'Id'))
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            stream.StartNumbering(reader.GetInt64(0), reader.GetInt64(1));
        }
        await using (var command = CreateCommand("""SELECT "ExternalId" FROM "Orders" """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                stream.StoredOrders.Add(reader.GetString(0));
        }
        await using (var command = CreateCommand("""SELECT "Sku", "Id" FROM "Products" """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                stream.ProductIds[reader.GetString(0)] = reader.GetInt64(1);
        }

        // The orders read so far, in file order, and then their held lines.
        foreach (var header in _orders.Values)
        {
            if (!stream.StoredOrders.Contains(header.ExternalId))
                stream.NewOrderIds[header.Sequence] = stream.NextOrderId++;
        }
        stream.Importer = await connection.BeginBinaryImportAsync(CopyOrderLinesSql, cancellationToken);
        _stream = stream;
        var held = _orderLines.ToArray();
        _orderLines.Clear();
        foreach (var line in held)
        {
            if (stream.NewOrderIds.TryGetValue(line.Sequence, out var orderId))
                WriteLine(stream.Importer, orderId, line.LineNo, stream.ProductId(line.Sku), line.Sku, line.Name, line.Quantity, line.UnitPrice, line.Discount);
            else
                _orderLines.Add(line);
        }
    }

    /// <summary>Writes a new order's lines to the open COPY; false for a stored order's, which are held.</summary>
    private bool StreamLines(PreparedOrder order)
    {
        var stream = _stream!;
        if (!stream.NewOrderIds.TryGetValue(order.Sequence, out var orderId))
        {
            if (order.IsContinuation || stream.StoredOrders.Contains(order.ExternalId))
                return false;
            stream.NewOrderIds[order.Sequence] = orderId = stream.NextOrderId++;
        }
        var importer = stream.Importer!;
        var lineNo = order.FirstLineNo - 1;
        foreach (var line in order.Source.Lines)
            WriteLine(importer, orderId, ++lineNo, stream.ProductId(line.Sku), line.Sku, line.ProductName, line.Quantity, line.UnitPrice, line.Discount);
        return true;
    }

    /// <summary>Ends the COPY, numbers the catalog's remaining new products and moves both sequences past what was used.</summary>
    private async Task FinishStreamAsync(ImportCatalog catalog, CancellationToken cancellationToken)
    {
        if (_stream is not { Importer: { } importer } stream)
            return;
        await importer.CompleteAsync(cancellationToken);
        await importer.DisposeAsync();
        stream.Importer = null;
        // Products named only by held lines or by refunds.
        foreach (var sku in catalog.Products.Keys)
            stream.ProductId(sku);
        await using var command = CreateCommand("""
            SELECT setval(pg_get_serial_sequence('"Orders"', 'Id'), @orders), setval(pg_get_serial_sequence('"Products"', 'Id'), @products)
            """);
        command.Parameters.Add(new NpgsqlParameter("orders", NpgsqlDbType.Bigint) { Value = stream.LastOrderId });
        command.Parameters.Add(new NpgsqlParameter("products", NpgsqlDbType.Bigint) { Value = stream.LastProductId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class LineStream(PostgresDeferredConstraints constraints)
    {
        private long _firstOrderId;
        private long _firstProductId;
        private long _nextProductId;

        public PostgresDeferredConstraints Constraints { get; } = constraints;
        public NpgsqlBinaryImporter? Importer { get; set; }
        public HashSet<string> StoredOrders { get; } = new(StringComparer.Ordinal);
        /// <summary>Stored products' ids and the ones given to new SKUs (from <see cref="_firstProductId"/> on).</summary>
        public Dictionary<string, long> ProductIds { get; } = new(StringComparer.Ordinal);
        /// <summary>Reserved ids of the file's new orders, by staging sequence.</summary>
        public Dictionary<int, long> NewOrderIds { get; } = [];
        public long NextOrderId { get; set; }
        /// <summary>The sequences' values at the end: the last number used, or the one read if none was.</summary>
        public long LastOrderId => Math.Max(_firstOrderId, NextOrderId - 1);
        public long LastProductId => Math.Max(_firstProductId, _nextProductId - 1);

        public void StartNumbering(long orderId, long productId)
        {
            _firstOrderId = NextOrderId = orderId;
            _firstProductId = _nextProductId = productId;
        }

        public long ProductId(string sku)
        {
            if (!ProductIds.TryGetValue(sku, out var id))
                ProductIds[sku] = id = _nextProductId++;
            return id;
        }

        public bool IsNewProduct(string sku, out long id) => ProductIds.TryGetValue(sku, out id) && id >= _firstProductId;
    }
}
