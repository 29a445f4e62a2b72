using Microsoft.Data.Sqlite;
using Retain.Core.Import.Parsing;
using Retain.Core.Orders;
using Retain.Core.Storage;

namespace Retain.Core.Import;

/// <summary>
/// Streams an import into SQLite: one prepared statement per kind of write, reused for every row, all inside the
/// import's transaction (SQLite does ~1M prepared inserts a second that way). Ids are looked up by point queries on the
/// unique indexes and cached, so an order that appears twice in the file is recognised without asking again.
/// </summary>
internal sealed partial class SqliteImportWriter : IImportWriter
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly string _source;
    private readonly string _now;
    private readonly List<SqliteCommand> _commands = [];
    private readonly List<SqliteRawStatement> _rawStatements = [];
    private readonly Dictionary<string, CustomerRow> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProductRow> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);
    private const int MaxSkuInstances = 100_000;
    private readonly Dictionary<string, long> _productIdsBySkuInstance = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<long, string> _refundsAwaitingOrder = [];
    private readonly Dictionary<long, long> _refundOrders = [];
    private Table _orders = null!;
    private Table _refunds = null!;
    private SqliteCommand _selectCustomer = null!, _insertCustomer = null!, _updateCustomer = null!;
    private SqliteCommand _selectProduct = null!, _insertProduct = null!, _updateProduct = null!;
    private SqliteCommand _selectCategory = null!, _insertCategory = null!;
    private SqliteCommand _setRefundOrder = null!, _linkRefundLines = null!;
    private readonly SqliteDeferredIndexes _deferredIndexes;
    private long _orderLinesWritten;
    private int _customersCreated, _productsCreated;

    public SqliteImportWriter(SqliteConnection connection, SqliteTransaction transaction, string source, DateTime now)
    {
        _connection = connection;
        _transaction = transaction;
        _source = source;
        _now = SqliteModelConventions.FormatDateTime(now);
        _deferredIndexes = new SqliteDeferredIndexes(connection, transaction, "OrderLines", "Orders");
    }

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        // One transaction writes every page of the new data; with SQLite's default 2 MB page cache, index pages
        // (lines by product, by order) would be evicted and re-read constantly. 256 MB is a cap, not an allocation.
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -262144";
            pragma.ExecuteNonQuery();
        }
        const string header = "CustomerId = $customer, PlacedAt = $at, Currency = $currency, ExchangeRate = $rate, Source = $source, ContentHash = $hash";
        // Headers are inserted and looked up once per order (42k on Online Retail II) and lines once per line: those
        // run as raw statements. The rest (updates of changed orders, customers, products) stays on SqliteCommand.
        _orders = new Table(
            Raw("SELECT Id, ContentHash FROM Orders WHERE ExternalId = ?1"),
            Raw("""
                INSERT INTO Orders (ExternalId, CustomerId, PlacedAt, Status, Currency, ExchangeRate, Shipping, Revenue, Country, Source, ContentHash, CreatedAt, UpdatedAt)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
                """),
            Command($"UPDATE Orders SET {header}, Status = $status, Shipping = $shipping, Revenue = $total, Country = $country, UpdatedAt = $now WHERE Id = $id",
                "$id", "$customer", "$at", "$status", "$currency", "$rate", "$shipping", "$total", "$country", "$source", "$hash", "$now"),
            Command("DELETE FROM OrderLines WHERE OrderId = $id", "$id"),
            Command("UPDATE Orders SET Revenue = $total, ContentHash = $hash, UpdatedAt = $now WHERE Id = $id", "$id", "$total", "$hash", "$now"),
            Raw("INSERT INTO OrderLines (OrderId, LineNo, ProductId, Sku, Name, Quantity, UnitPrice, Discount) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
        _refunds = new Table(
            Raw("SELECT Id, ContentHash FROM Refunds WHERE ExternalId = ?1"),
            Raw("""
                INSERT INTO Refunds (ExternalId, OrderId, CustomerId, RefundedAt, Kind, Currency, ExchangeRate, Amount, Source, ContentHash, CreatedAt)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """),
            Command("UPDATE Refunds SET OrderId = $order, CustomerId = $customer, RefundedAt = $at, Kind = $kind, Currency = $currency, ExchangeRate = $rate, Amount = $total, Source = $source, ContentHash = $hash WHERE Id = $id",
                "$id", "$order", "$customer", "$at", "$kind", "$currency", "$rate", "$total", "$source", "$hash"),
            Command("DELETE FROM RefundLines WHERE RefundId = $id", "$id"),
            Command("UPDATE Refunds SET Amount = $total, ContentHash = $hash WHERE Id = $id", "$id", "$total", "$hash"),
            Raw("INSERT INTO RefundLines (RefundId, LineNo, Sku, Quantity, Amount) VALUES (?1, ?2, ?3, ?4, ?5)"));
        _selectCustomer = Command("SELECT Id, Email, Country FROM Customers WHERE ExternalId = $ext", "$ext");
        _insertCustomer = Command("INSERT INTO Customers (ExternalId, Email, Country, CreatedAt, UpdatedAt) VALUES ($ext, $email, $country, $now, $now) RETURNING Id",
            "$ext", "$email", "$country", "$now");
        _updateCustomer = Command("UPDATE Customers SET Email = $email, Country = $country, UpdatedAt = $now WHERE Id = $id", "$id", "$email", "$country", "$now");
        _selectProduct = Command("SELECT Id, Name, CategoryId FROM Products WHERE Sku = $sku", "$sku");
        _insertProduct = Command("INSERT INTO Products (Sku, Name, CategoryId, InStock, CreatedAt, UpdatedAt) VALUES ($sku, $name, $category, 1, $now, $now) RETURNING Id",
            "$sku", "$name", "$category", "$now");
        _updateProduct = Command("UPDATE Products SET Name = $name, CategoryId = $category, UpdatedAt = $now WHERE Id = $id", "$id", "$name", "$category", "$now");
        _selectCategory = Command("SELECT Id FROM Categories WHERE ExternalId = $ext", "$ext");
        _insertCategory = Command("INSERT INTO Categories (ExternalId, Name) VALUES ($ext, $ext) RETURNING Id", "$ext");
        _setRefundOrder = Command("UPDATE Refunds SET OrderId = $order WHERE Id = $id", "$id", "$order");
        _linkRefundLines = Command("""
            UPDATE RefundLines SET (OrderId, OrderLineNo) = (
                SELECT ol.OrderId, ol.LineNo FROM OrderLines ol WHERE ol.OrderId = $order AND ol.Sku = RefundLines.Sku ORDER BY ol.LineNo LIMIT 1)
            WHERE RefundId = $id AND OrderLineNo IS NULL
            """, "$id", "$order");
        return Task.CompletedTask;
    }

    public void Write(PreparedOrder order)
    {
        long? customerId = order.Source.CustomerExternalId is { } customer ? ResolveCustomer(customer, order.Source) : null;
        if (order.IsRefund)
            WriteRefund(order, customerId);
        else
            Upsert(_orders, order, customerId, null);
    }

    private void WriteRefund(PreparedOrder refund, long? customerId)
    {
        long? orderId = null;
        if (refund.Source.RefundsOrderExternalId is { } orderExternalId)
            orderId = FindOrderId(orderExternalId);
        var refundId = Upsert(_refunds, refund, customerId, orderId);
        if (refund.Source.RefundsOrderExternalId is { } pending && orderId is null)
            _refundsAwaitingOrder[refundId] = pending;
        else if (orderId is { } id)
            _refundOrders[refundId] = id;
    }

    /// <summary>
    /// Inserts a new order or refund at once. One already stored is compared by content hash: while the file agrees
    /// with it nothing is written; when it differs, its groups wait in memory until the end of the file (a later
    /// group may still complete it) and it is then replaced with its lines.
    /// </summary>
    private long Upsert(Table table, PreparedOrder item, long? customerId, long? orderId)
    {
        if (item.IsContinuation)
        {
            var known = table.States[item.ExternalId];
            if (known.Pending is { } waiting)
            {
                waiting.Add(item);
            }
            else
            {
                // Ours (new in this import) or stored exactly as the earlier groups: just add the lines.
                InsertLines(table, known.Id, item);
                var p = table.UpdateTotal.Parameters;
                p["$id"].Value = known.Id;
                p["$total"].Value = SqliteModelConventions.ToScaled(item.Total, ColumnSizes.MoneyScale);
                p["$hash"].Value = item.Hash;
                if (p.Contains("$now"))
                    p["$now"].Value = _now;
                table.UpdateTotal.ExecuteNonQuery();
            }
            known.CurrentHash = item.Hash;
            return known.Id;
        }
        if (!table.States.TryGetValue(item.ExternalId, out var state))
            state = Select(table.Select, item.ExternalId);
        if (state is null)
        {
            var id = InsertHeader(table.Insert, item, customerId, orderId);
            table.States[item.ExternalId] = new TargetState(id, null, existed: false) { CurrentHash = item.Hash };
            InsertLines(table, id, item);
            return id;
        }
        table.States[item.ExternalId] = state;
        state.CurrentHash = item.Hash;
        if (!string.Equals(state.OriginalHash, item.Hash, StringComparison.Ordinal))
            state.Pending = [item];
        return state.Id;
    }

    /// <summary>Replaces the stored orders and refunds the file changed, now that all their groups are known.</summary>
    private void FlushPending(Table table)
    {
        foreach (var state in table.States.Values)
        {
            if (state.Pending is not { } groups)
                continue;
            state.Pending = null;
            if (string.Equals(state.OriginalHash, state.CurrentHash, StringComparison.Ordinal))
                continue;
            var first = groups[0];
            var last = groups[^1];
            var header = new PreparedOrder
            {
                Source = first.Source, Sequence = first.Sequence, IsContinuation = false, FirstLineNo = 1, PlacedAt = first.PlacedAt,
                Currency = first.Currency, Rate = first.Rate, Total = last.Total, Hash = last.Hash,
            };
            var customerId = first.Source.CustomerExternalId is { } c ? _customers[c].Id : (long?)null;
            long? orderId = first.Source.RefundsOrderExternalId is { } o ? FindOrderId(o) : null;
            SetHeader(table.Update, header, customerId, orderId);
            table.Update.Parameters["$id"].Value = state.Id;
            table.Update.ExecuteNonQuery();
            table.DeleteLines.Parameters[0].Value = state.Id;
            table.DeleteLines.ExecuteNonQuery();
            foreach (var group in groups)
                InsertLines(table, state.Id, group);
            if (header.IsRefund && orderId is { } linked)
                _refundOrders[state.Id] = linked;
        }
    }

    private long? FindOrderId(string externalId)
    {
        if (_orders.States.TryGetValue(externalId, out var state))
            return state.Id;
        state = Select(_orders.Select, externalId);
        if (state is null)
            return null;
        _orders.States[externalId] = state;
        return state.Id;
    }

    private static TargetState? Select(SqliteRawStatement select, string externalId)
    {
        select.BindOnce(1, externalId);
        var state = select.Read() ? new TargetState(select.GetInt64(0), select.GetStringOrNull(1), existed: true) : null;
        select.Reset();
        return state;
    }

    public Task<WriteCounts> CompleteAsync(ImportCatalog catalog, CancellationToken cancellationToken)
    {
        FlushPending(_orders);
        FlushPending(_refunds);
        foreach (var (externalId, wanted) in catalog.Customers)
        {
            var row = _customers[externalId];
            var email = wanted.Email ?? row.Email;
            var country = wanted.Country ?? row.Country;
            if (email == row.Email && country == row.Country)
                continue;
            var p = _updateCustomer.Parameters;
            p["$id"].Value = row.Id;
            p["$email"].Value = (object?)email ?? DBNull.Value;
            p["$country"].Value = (object?)country ?? DBNull.Value;
            p["$now"].Value = _now;
            _updateCustomer.ExecuteNonQuery();
        }
        foreach (var (sku, wanted) in catalog.Products)
        {
            if (!_products.TryGetValue(sku, out var row))
            {
                // Named only by refund lines so far.
                ResolveProduct(sku, wanted.Name, wanted.Category);
                continue;
            }
            var name = wanted.Name ?? row.Name;
            var category = wanted.Category is { } c ? ResolveCategory(c) : row.CategoryId;
            if (name == row.Name && category == row.CategoryId)
                continue;
            var p = _updateProduct.Parameters;
            p["$id"].Value = row.Id;
            p["$name"].Value = name;
            p["$category"].Value = category is { } id ? id : DBNull.Value;
            p["$now"].Value = _now;
            _updateProduct.ExecuteNonQuery();
        }
        // Refunds that came before the order they refund, in the same file.
        foreach (var (refundId, orderExternalId) in _refundsAwaitingOrder)
        {
            if (FindOrderId(orderExternalId) is not { } orderId)
                continue;
            _setRefundOrder.Parameters[0].Value = refundId;
            _setRefundOrder.Parameters[1].Value = orderId;
            _setRefundOrder.ExecuteNonQuery();
            _refundOrders[refundId] = orderId;
        }
        foreach (var (refundId, orderId) in _refundOrders)
        {
            _linkRefundLines.Parameters[0].Value = refundId;
            _linkRefundLines.Parameters[1].Value = orderId;
            _linkRefundLines.ExecuteNonQuery();
        }
        _deferredIndexes.Rebuild();
        var orders = TargetState.Count(_orders.States.Values);
        var refunds = TargetState.Count(_refunds.States.Values);
        return Task.FromResult(new WriteCounts(
            orders.Inserted, orders.Updated, orders.Unchanged,
            refunds.Inserted, refunds.Updated, refunds.Unchanged,
            _customersCreated, _productsCreated));
    }

    public ValueTask DisposeAsync()
    {
        foreach (var command in _commands)
            command.Dispose();
        foreach (var statement in _rawStatements)
            statement.Dispose();
        return ValueTask.CompletedTask;
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        command.Prepare();
        _commands.Add(command);
        return command;
    }

    private SqliteRawStatement Raw(string sql)
    {
        var statement = new SqliteRawStatement(_connection, sql);
        _rawStatements.Add(statement);
        return statement;
    }

    private sealed record Table(
        SqliteRawStatement Select, SqliteRawStatement Insert, SqliteCommand Update, SqliteCommand DeleteLines, SqliteCommand UpdateTotal, SqliteRawStatement InsertLine)
    {
        public Dictionary<string, TargetState> States { get; } = new(StringComparer.Ordinal);
    }


}
