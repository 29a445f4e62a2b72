using System.Data.Common;
using System.Globalization;
using System.Text;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

/// <summary>
/// The hot case of an order upsert, an order not stored yet, in a few hand-written statements instead of EF Core's
/// queries and three <c>SaveChanges</c>: one look-up of the order, its customer and the SKUs not in memory together,
/// unknown products inserted when missing, then the customer (when new), the order and all its lines in one command.
/// It writes what the EF path writes, row for row (<c>NewOrderWritesTests</c> compares the two). An order that exists
/// goes back to the EF path, which updates lines in place.
/// </summary>
internal static class NewOrderWrites
{
    /// <summary>The written order, or null when <paramref name="order"/> is stored already (nothing was written).</summary>
    /// <remarks>The SKUs' product ids it used end up in <paramref name="products"/>, for <see cref="ProductIds"/> once committed.</remarks>
    public static async Task<OrderWrite?> TryInsertAsync(
        OrderSql sql, NewOrder order, ProductIds productIds, Dictionary<string, long> products, CancellationToken cancellationToken)
    {
        var input = order.Input;
        var skus = input.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList();
        var unknown = new List<string>();
        foreach (var sku in skus)
        {
            if (productIds.TryGet(sku, out var id))
                products[sku] = id;
            else
                unknown.Add(sku);
        }

        CustomerRow? customer;
        await using (var lookup = LookUp(sql, order.ExternalId, input.CustomerExternalId, unknown))
        {
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                return null;
            customer = null;
            if (input.CustomerExternalId is not null)
            {
                await reader.NextResultAsync(cancellationToken);
                customer = await reader.ReadAsync(cancellationToken) ? CustomerRow.Read(reader) : null;
            }
            if (unknown.Count > 0)
            {
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    products[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        if (customer is not null)
            customer = await ResolveCustomerAsync(sql, customer, input.CustomerEmail, order.Now, cancellationToken);
        // A customer the shop has not sent yet is created with its id and e-mail, in the order's own command.
        var newCustomer = input.CustomerExternalId is { } externalId && customer is null ? new CustomerRow(0, externalId, input.CustomerEmail, null) : null;
        var missing = skus.Where(s => !products.ContainsKey(s)).ToList();
        if (missing.Count > 0)
            await InsertProductsAsync(sql, input.Lines, missing, products, order.Now, cancellationToken);

        var written = order.ToOrder(customer?.Id, products);
        (written.Id, written.CustomerId) = await OrderSql.WriteAsync(() => InsertOrderAsync(sql, written, newCustomer, cancellationToken));
        foreach (var line in written.Lines)
            line.OrderId = written.Id;
        return new OrderWrite(written, WriteOutcome.Created, (customer ?? newCustomer)?.ExternalId);
    }

    private static DbCommand LookUp(OrderSql sql, string orderExternalId, string? customerExternalId, List<string> skus)
    {
        var text = new StringBuilder("""SELECT "Id" FROM "Orders" WHERE "ExternalId" = @order;""");
        if (customerExternalId is not null)
            text.Append(CustomerRow.Select).Append(""" WHERE "ExternalId" = @customer;""");
        if (skus.Count > 0)
            text.Append("""SELECT "Sku", "Id" FROM "Products" WHERE "Sku" IN (""").AppendJoin(", ", skus.Select((_, i) => $"@sku{i}")).Append(");");
        var command = sql.Command(text.ToString());
        OrderSql.Add(command, "@order", orderExternalId);
        if (customerExternalId is not null)
            OrderSql.Add(command, "@customer", customerExternalId);
        for (var i = 0; i < skus.Count; i++)
            OrderSql.Add(command, $"@sku{i}", skus[i]);
        return command;
    }

    /// <summary>As <see cref="Customers.CustomerWrites.EnsureAsync"/> for a stored customer: followed through merges, e-mail filled in when it had none.</summary>
    private static async Task<CustomerRow> ResolveCustomerAsync(OrderSql sql, CustomerRow customer, string? email, DateTime now, CancellationToken cancellationToken)
    {
        for (var hops = 0; customer.MergedIntoId is { } target && hops < 10; hops++)
        {
            await using var next = sql.Command(CustomerRow.Select + """ WHERE "Id" = @id;""");
            OrderSql.Add(next, "@id", target);
            await using var reader = await next.ExecuteReaderAsync(cancellationToken);
            customer = await reader.ReadAsync(cancellationToken) ? CustomerRow.Read(reader) : throw new InvalidOperationException($"Customer {target} is missing.");
        }
        if (customer.Email is null && email is not null)
        {
            await using var update = sql.Command("""UPDATE "Customers" SET "Email" = @email, "UpdatedAt" = @now WHERE "Id" = @id;""");
            OrderSql.Add(update, "@email", email);
            OrderSql.Add(update, "@now", sql.Time(now));
            OrderSql.Add(update, "@id", customer.Id);
            await update.ExecuteNonQueryAsync(cancellationToken);
            customer = customer with { Email = email };
        }
        return customer;
    }

    /// <summary>
    /// As <see cref="Products.ProductWrites.EnsureSkusAsync"/>: a SKU the shop has not sent yet becomes a product named by
    /// its first named line. Not that method itself: it leaves the new product tracked by the context, and after a
    /// rollback SQLite hands the same id to the next product, which the still-tracked one then collides with
    /// (<c>NewOrderWritesTests.ProductIds_AreRememberedOnlyOnceCommitted</c> fails that way).
    /// </summary>
    private static async Task InsertProductsAsync(
        OrderSql sql, IReadOnlyList<OrderLineInput> lines, List<string> missing, Dictionary<string, long> products, DateTime now, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("""INSERT INTO "Products" ("Sku", "Name", "InStock", "CreatedAt", "UpdatedAt") VALUES """);
        text.AppendJoin(", ", missing.Select((_, i) => $"(@sku{i}, @name{i}, @stock, @now, @now)")).Append(""" RETURNING "Sku", "Id";""");
        await using var insert = sql.Command(text.ToString());
        for (var i = 0; i < missing.Count; i++)
        {
            var sku = missing[i];
            OrderSql.Add(insert, $"@sku{i}", sku);
            OrderSql.Add(insert, $"@name{i}", lines.Where(l => l.Sku == sku).Select(l => l.Name).FirstOrDefault(n => n is not null) ?? sku);
        }
        OrderSql.Add(insert, "@stock", true);
        OrderSql.Add(insert, "@now", sql.Time(now));
        await OrderSql.WriteAsync(async () =>
        {
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                products[reader.GetString(0)] = reader.GetInt64(1);
            return 0;
        });
    }

    /// <summary>
    /// The order and its lines (and its customer, when new) in one command; gives back the ids of the order and its
    /// customer. On PostgreSQL one statement, the ids flowing through CTEs: one round trip. SQLite has no INSERT in a
    /// CTE; its statements follow each other in the command and pass ids on through last_insert_rowid().
    /// </summary>
    private static async Task<(long OrderId, long? CustomerId)> InsertOrderAsync(OrderSql sql, Order order, CustomerRow? newCustomer, CancellationToken cancellationToken)
    {
        const string orderColumns = """ "ExternalId", "CustomerId", "PlacedAt", "Status", "Currency", "ExchangeRate", "Shipping", "Revenue", "Country", "Source", "ContentHash", "CreatedAt", "UpdatedAt" """;
        const string lineColumns = """ "OrderId", "LineNo", "ProductId", "Sku", "Name", "Quantity", "UnitPrice", "Discount" """;
        const string customerInsert = """INSERT INTO "Customers" ("ExternalId", "Email", "CreatedAt", "UpdatedAt") VALUES (@cext, @cemail, @now, @now)""";
        string OrderValues(string customer) => $"@ext, {customer}, @at, @status, @currency, @rate, @shipping, @revenue, @country, @source, @hash, @now, @now";
        var text = new StringBuilder();
        if (sql.IsSqlite)
        {
            // last_insert_rowid() is the customer's in the order's statement, then the order's: inserts into
            // OrderLines (WITHOUT ROWID) leave it alone.
            if (newCustomer is not null)
                text.Append(customerInsert).Append(';');
            text.Append(CultureInfo.InvariantCulture, $"INSERT INTO \"Orders\" ({orderColumns}) VALUES ({OrderValues(newCustomer is null ? "@customer" : "last_insert_rowid()")}) RETURNING \"Id\", \"CustomerId\";");
            text.Append(CultureInfo.InvariantCulture, $"INSERT INTO \"OrderLines\" ({lineColumns}) VALUES ");
            text.AppendJoin(", ", order.Lines.Select((_, i) => $"(last_insert_rowid(), @n{i}, @p{i}, @s{i}, @m{i}, @q{i}, @u{i}, @d{i})"));
        }
        else
        {
            text.Append("WITH ");
            if (newCustomer is not null)
                text.Append("c AS (").Append(customerInsert).Append(" RETURNING \"Id\"), ");
            text.Append(CultureInfo.InvariantCulture, $"o AS (INSERT INTO \"Orders\" ({orderColumns}) ");
            // VALUES rather than SELECT where it can: there an untyped null (a guest's customer) takes the column's type.
            text.Append(newCustomer is null ? $"VALUES ({OrderValues("@customer")})" : $"SELECT {OrderValues("c.\"Id\"")} FROM c");
            text.Append(CultureInfo.InvariantCulture, $" RETURNING \"Id\", \"CustomerId\"), l AS (INSERT INTO \"OrderLines\" ({lineColumns}) SELECT o.\"Id\", v.* FROM o CROSS JOIN (VALUES ");
            text.AppendJoin(", ", order.Lines.Select((_, i) => $"(@n{i}, @p{i}, @s{i}, @m{i}::text, @q{i}, @u{i}, @d{i})"));
            text.Append(") AS v) SELECT \"Id\", \"CustomerId\" FROM o");
        }
        await using var command = sql.Command(text.ToString());
        var p = (string name, object? value) => OrderSql.Add(command, name, value);
        p("@ext", order.ExternalId);
        if (newCustomer is null)
        {
            p("@customer", order.CustomerId);
        }
        else
        {
            p("@cext", newCustomer.ExternalId);
            p("@cemail", newCustomer.Email);
        }
        p("@at", sql.Time(order.PlacedAt));
        p("@status", (int)order.Status);
        p("@currency", order.Currency);
        p("@rate", sql.Rate(order.ExchangeRate));
        p("@shipping", sql.Money(order.Shipping));
        p("@revenue", sql.Money(order.Revenue));
        p("@country", order.Country);
        p("@source", order.Source);
        p("@hash", order.ContentHash);
        p("@now", sql.Time(order.CreatedAt));
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            var n = i.ToString(CultureInfo.InvariantCulture);
            p("@n" + n, line.LineNo);
            p("@p" + n, line.ProductId);
            p("@s" + n, line.Sku);
            p("@m" + n, line.Name);
            p("@q" + n, line.Quantity);
            p("@u" + n, sql.Money(line.UnitPrice));
            p("@d" + n, sql.Money(line.Discount));
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var ids = (reader.GetInt64(0), reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1));
        while (await reader.NextResultAsync(cancellationToken))
        {
            // SQLite runs the lines' statement as the reader moves on to it.
        }
        return ids;
    }

    private sealed record CustomerRow(long Id, string ExternalId, string? Email, long? MergedIntoId)
    {
        public const string Select = """SELECT "Id", "ExternalId", "Email", "MergedIntoId" FROM "Customers" """;

        public static CustomerRow Read(DbDataReader r) =>
            new(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3));
    }
}

/// <summary>An order ready to write: the input and all that is worked out from it before the database is asked.</summary>
internal sealed record NewOrder(
    string ExternalId, OrderInput Input, string Source, DateTime Now, string Currency, DateTime PlacedAt, decimal Rate, string Hash)
{
    public decimal Revenue { get; } = decimal.Round(
        Input.Lines.Sum(l => l.Quantity * l.UnitPrice - l.Discount) * Rate, ColumnSizes.MoneyScale, MidpointRounding.AwayFromZero);

    /// <summary>The row the EF path would insert for this order, lines in the order sent.</summary>
    public Order ToOrder(long? customerId, IReadOnlyDictionary<string, long> productIds) => new()
    {
        ExternalId = ExternalId, CustomerId = customerId, PlacedAt = PlacedAt, Status = Input.Status, Currency = Currency,
        ExchangeRate = Rate, Shipping = Input.Shipping, Revenue = Revenue, Country = Input.Country, Source = Source,
        ContentHash = Hash, CreatedAt = Now, UpdatedAt = Now,
        Lines = [.. Input.Lines.Select(l => new OrderLine
        {
            LineNo = l.LineNo, ProductId = productIds[l.Sku], Sku = l.Sku, Name = l.Name, Quantity = l.Quantity,
            UnitPrice = l.UnitPrice, Discount = l.Discount,
        })],
    };
}
