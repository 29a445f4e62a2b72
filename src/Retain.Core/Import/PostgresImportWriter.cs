using Npgsql;
using NpgsqlTypes;
using Retain.Core.Orders;

namespace Retain.Core.Import;

/// <summary>
/// Imports into PostgreSQL set-based: order headers, customers and products go by binary COPY into temporary staging
/// tables and a handful of INSERT … ON CONFLICT / UPDATE / DELETE statements move them into the real tables. Order
/// lines skip staging: they go by binary COPY straight into "OrderLines" — while the file is still being parsed once
/// the import is large against what the table holds (<see cref="BatchWrittenAsync"/>), otherwise at the end, once
/// their orders' and products' ids are known (a staged million lines cost the server a second write and a three-way
/// join, 5–11 s). Refund lines, few and matched to order lines by SKU in SQL, are staged at the end. Round trips stay
/// constant however large the file, and everything runs in the import's transaction (the staging tables drop on commit).
/// </summary>
internal sealed partial class PostgresImportWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, string source, DateTime now) : IImportWriter
{
    // Headers by id; a continuation group updates the total and hash of the header its first group left.
    private readonly Dictionary<string, StagedHeader> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StagedHeader> _refunds = new(StringComparer.Ordinal);
    // Order lines in file order, written once the ids they point at exist. Structs, not the parsed objects: a million
    // live objects would be traced by every full GC for the rest of the import.
    private readonly List<HeldLine> _orderLines = [];
    private readonly List<PreparedOrder> _refundGroups = [];

    public Task BeginAsync(CancellationToken cancellationToken) => ExecuteAsync(CreateStagingSql, cancellationToken);

    public void Write(PreparedOrder order)
    {
        // Keep the header without its lines: those are on their way to the server or held until their ids exist.
        var headers = order.IsRefund ? _refunds : _orders;
        if (order.IsContinuation)
            headers[order.ExternalId] = headers[order.ExternalId] with { Total = order.Total, Hash = order.Hash };
        else
            headers[order.ExternalId] = StagedHeader.From(order);
        if (order.IsRefund)
            _refundGroups.Add(order);
        else if (_stream is null || !StreamLines(order))
            HoldLines(order);
    }

    public async Task<WriteCounts> CompleteAsync(ImportCatalog catalog, CancellationToken cancellationToken)
    {
        await FinishStreamAsync(catalog, cancellationToken);
        await CopyRefundLinesAsync(cancellationToken);
        await CopyHeadersAsync(cancellationToken);
        await CopyCatalogAsync(catalog, cancellationToken);
        await ExecuteAsync("ANALYZE stg_lines; ANALYZE stg_orders; ANALYZE stg_customers; ANALYZE stg_products;", cancellationToken);

        await ExecuteAsync(UpsertCategoriesSql, cancellationToken);
        var productsCreated = await ExecuteAsync(_stream is null ? InsertProductsSql : InsertReservedProductsSql, cancellationToken);
        await ExecuteAsync(UpdateProductsSql, cancellationToken);
        var customersCreated = await ExecuteAsync(InsertCustomersSql, cancellationToken);
        await ExecuteAsync(UpdateCustomersSql, cancellationToken);

        // Fresh statistics for what just grew: on a new database the planner would otherwise take "Products" for
        // empty and join a million lines to it by nested loop (40 s instead of 1 s).
        await ExecuteAsync("""ANALYZE "Products"; ANALYZE "Customers"; ANALYZE "Categories";""", cancellationToken);
        await ExecuteAsync(MatchExistingSql, cancellationToken);
        var (orders, refunds) = await CountAsync(cancellationToken);
        await ExecuteAsync(WriteOrdersSql, cancellationToken);
        // The new orders' customer foreign key and secondary indexes, like the lines' (0.9 s of a 1.4 s insert of 42k
        // orders went to index maintenance and the per-row foreign-key trigger, auto_explain, loaded machine).
        var newOrders = await PostgresDeferredConstraints.DeferAsync(connection, transaction, "Orders", orders.Inserted, cancellationToken);
        Dictionary<int, long> lineTargets;
        PostgresDeferredConstraints orderLines;
        if (_stream is null)
        {
            lineTargets = await InsertOrdersAsync(cancellationToken);
            await newOrders.RestoreAsync(cancellationToken);
            orderLines = await PostgresDeferredConstraints.DeferAsync(connection, transaction, "OrderLines", _orderLines.Count, cancellationToken);
        }
        else
        {
            // The new orders' lines are in already; what is held belongs to stored orders the file changes.
            await ExecuteAsync(InsertReservedOrdersSql, cancellationToken);
            await newOrders.RestoreAsync(cancellationToken);
            lineTargets = [];
            orderLines = _stream.Constraints;
        }
        await CopyOrderLinesAsync(lineTargets, _stream?.ProductIds, cancellationToken);
        await orderLines.RestoreAsync(cancellationToken);
        await ExecuteAsync(WriteRefundsSql, cancellationToken);
        return new WriteCounts(orders.Inserted, orders.Updated, orders.Unchanged, refunds.Inserted, refunds.Updated, refunds.Unchanged,
            customersCreated, productsCreated);
    }

    private async Task CopyHeadersAsync(CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY stg_orders (seq, is_refund, ext, customer_ext, placed_at, cancelled, currency, rate, shipping, total, country, hash, refunds_order_ext, new_id) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var h in _orders.Values.Concat(_refunds.Values))
        {
            importer.StartRow(); // synchronous, like the lines: an await per row costs more than it saves
            importer.Write(h.Sequence, NpgsqlDbType.Integer);
            importer.Write(h.IsRefund, NpgsqlDbType.Boolean);
            importer.Write(h.ExternalId, NpgsqlDbType.Text);
            WriteNullable(importer, h.CustomerExternalId);
            importer.Write(h.PlacedAt, NpgsqlDbType.TimestampTz);
            importer.Write(h.Cancelled, NpgsqlDbType.Boolean);
            importer.Write(h.Currency, NpgsqlDbType.Text);
            importer.Write(h.Rate, NpgsqlDbType.Numeric);
            importer.Write(h.Shipping, NpgsqlDbType.Numeric);
            importer.Write(h.Total, NpgsqlDbType.Numeric);
            WriteNullable(importer, h.Country);
            importer.Write(h.Hash, NpgsqlDbType.Text);
            WriteNullable(importer, h.RefundsOrderExternalId);
            if (!h.IsRefund && _stream is not null && _stream.NewOrderIds.TryGetValue(h.Sequence, out var id))
                importer.Write(id, NpgsqlDbType.Bigint);
            else
                importer.WriteNull();
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private async Task CopyCatalogAsync(ImportCatalog catalog, CancellationToken cancellationToken)
    {
        await using (var importer = await connection.BeginBinaryImportAsync("COPY stg_customers (ext, email, country) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (externalId, c) in catalog.Customers)
            {
                importer.StartRow(); // synchronous, like the lines: an await per row costs more than it saves
                importer.Write(externalId, NpgsqlDbType.Text);
                WriteNullable(importer, c.Email);
                WriteNullable(importer, c.Country);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await using (var importer = await connection.BeginBinaryImportAsync("COPY stg_products (sku, name, category, new_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (sku, p) in catalog.Products)
            {
                importer.StartRow(); // synchronous, like the lines: an await per row costs more than it saves
                importer.Write(sku, NpgsqlDbType.Text);
                WriteNullable(importer, p.Name);
                WriteNullable(importer, p.Category);
                if (_stream is not null && _stream.IsNewProduct(sku, out var id))
                    importer.Write(id, NpgsqlDbType.Bigint);
                else
                    importer.WriteNull();
            }
            await importer.CompleteAsync(cancellationToken);
        }
    }

    private async Task<((int Inserted, int Updated, int Unchanged) Orders, (int Inserted, int Updated, int Unchanged) Refunds)> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT is_refund,
                   count(*) FILTER (WHERE NOT existed)::int,
                   count(*) FILTER (WHERE existed AND old_hash IS DISTINCT FROM hash)::int,
                   count(*) FILTER (WHERE existed AND old_hash = hash)::int
            FROM stg_orders GROUP BY is_refund
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        (int, int, int) orders = default, refunds = default;
        while (await reader.ReadAsync(cancellationToken))
        {
            var counts = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            if (reader.GetBoolean(0))
                refunds = counts;
            else
                orders = counts;
        }
        return (orders, refunds);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(sql);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand CreateCommand(string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.CommandTimeout = 0; // a large file takes as long as it takes
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = source });
        command.Parameters.Add(new NpgsqlParameter("refund_kind", NpgsqlDbType.Integer) { Value = (int)RefundKind.Refund });
        command.Parameters.Add(new NpgsqlParameter("cancelled", NpgsqlDbType.Integer) { Value = (int)OrderStatus.Cancelled });
        command.Parameters.Add(new NpgsqlParameter("placed", NpgsqlDbType.Integer) { Value = (int)OrderStatus.Placed });
        return command;
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
            importer.WriteNull();
        else
            importer.Write(value, NpgsqlDbType.Text);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream?.Importer is { } importer)
            await importer.DisposeAsync(); // an unfinished COPY is cancelled; the transaction rolls back
    }

    private sealed record StagedHeader(
        int Sequence, bool IsRefund, string ExternalId, string? CustomerExternalId, DateTime PlacedAt, bool Cancelled,
        string Currency, decimal Rate, decimal Shipping, decimal Total, string? Country, string Hash, string? RefundsOrderExternalId)
    {
        public static StagedHeader From(PreparedOrder o) => new(
            o.Sequence, o.IsRefund, o.ExternalId, o.Source.CustomerExternalId, o.PlacedAt, o.Source.Cancelled,
            o.Currency, o.Rate, o.Source.Shipping, o.Total, o.Source.Country, o.Hash, o.Source.RefundsOrderExternalId);
    }
}
