using Microsoft.Data.Sqlite;
using Retain.Core.Import.Parsing;
using Retain.Core.Orders;
using Retain.Core.Storage;

namespace Retain.Core.Import;

/// <summary>Customers, products and categories met in the file: looked up once, created or updated as the file says.</summary>
internal sealed partial class SqliteImportWriter
{
    private long ResolveCustomer(string externalId, ImportedOrder order)
    {
        if (_customers.TryGetValue(externalId, out var row))
            return row.Id;
        _selectCustomer.Parameters[0].Value = externalId;
        using (var reader = _selectCustomer.ExecuteReader())
        {
            if (reader.Read())
            {
                row = new CustomerRow(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                _customers[externalId] = row;
                return row.Id;
            }
        }
        var p = _insertCustomer.Parameters;
        p["$ext"].Value = externalId;
        p["$email"].Value = (object?)order.CustomerEmail ?? DBNull.Value;
        p["$country"].Value = (object?)order.Country ?? DBNull.Value;
        p["$now"].Value = _now;
        row = new CustomerRow((long)_insertCustomer.ExecuteScalar()!, order.CustomerEmail, order.Country);
        _customers[externalId] = row;
        _customersCreated++;
        return row.Id;
    }

    private long ResolveProduct(string sku, string? productName, string? categoryName)
    {
        if (_products.TryGetValue(sku, out var row))
            return row.Id;
        _selectProduct.Parameters[0].Value = sku;
        using (var reader = _selectProduct.ExecuteReader())
        {
            if (reader.Read())
            {
                row = new ProductRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
                _products[sku] = row;
                return row.Id;
            }
        }
        var name = productName ?? sku;
        long? category = categoryName is { } c ? ResolveCategory(c) : null;
        var p = _insertProduct.Parameters;
        p["$sku"].Value = sku;
        p["$name"].Value = name;
        p["$category"].Value = category is { } id ? id : DBNull.Value;
        p["$now"].Value = _now;
        row = new ProductRow((long)_insertProduct.ExecuteScalar()!, name, category);
        _products[sku] = row;
        _productsCreated++;
        return row.Id;
    }

    private long ResolveCategory(string externalId)
    {
        if (_categories.TryGetValue(externalId, out var id))
            return id;
        _selectCategory.Parameters[0].Value = externalId;
        var found = _selectCategory.ExecuteScalar();
        if (found is long existing)
            return _categories[externalId] = existing;
        _insertCategory.Parameters[0].Value = externalId;
        return _categories[externalId] = (long)_insertCategory.ExecuteScalar()!;
    }

    private sealed record CustomerRow(long Id, string? Email, string? Country);
    private sealed record ProductRow(long Id, string Name, long? CategoryId);
}
