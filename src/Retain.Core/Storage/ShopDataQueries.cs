using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Retain.Analytics.Data;
using Retain.Core.Orders;

namespace Retain.Core.Storage;

/// <summary>
/// Reads the database into the <see cref="ShopData"/> the analytics work on. Plain data readers over three narrow
/// queries: EF materialisation would cost more than the measurements themselves on a million customers.
/// </summary>
public static class ShopDataQueries
{
    public static async Task<ShopData> LoadAsync(RetainDbContext db, CancellationToken cancellationToken = default)
    {
        var sqlite = db.Database.IsSqlite();
        var currency = await db.GetBaseCurrencyAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
            await db.Database.OpenConnectionAsync(cancellationToken); // through EF, so the SQLite pragmas apply
        try
        {
            // Merged-away customers are left out: their orders were moved to the surviving record.
            var index = new Dictionary<long, int>();
            var ids = new List<string>();
            var countries = new List<string?>();
            var channels = new List<string?>();
            await using (var command = Command(connection,
                """SELECT "Id", "ExternalId", "Country", "AcquisitionChannel" FROM "Customers" WHERE "MergedIntoId" IS NULL ORDER BY "Id" """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    index[reader.GetInt64(0)] = ids.Count;
                    ids.Add(reader.GetString(1));
                    countries.Add(reader.IsDBNull(2) ? null : reader.GetString(2));
                    channels.Add(reader.IsDBNull(3) ? null : reader.GetString(3));
                }
            }

            // The first-purchase category: the category of line 1 of each customer's first order.
            var firstCategory = new string?[ids.Count];
            var firstAt = new DateTime[ids.Count];
            var orders = new List<OrderFact>();
            await using (var command = Command(connection,
                $"""
                SELECT o."CustomerId", o."PlacedAt", o."Revenue", c."Name"
                FROM "Orders" o
                LEFT JOIN "OrderLines" l ON l."OrderId" = o."Id" AND l."LineNo" = 1
                LEFT JOIN "Products" p ON p."Id" = l."ProductId"
                LEFT JOIN "Categories" c ON c."Id" = p."CategoryId"
                WHERE o."Status" <> {(int)OrderStatus.Cancelled}
                """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var customer = reader.IsDBNull(0) || !index.TryGetValue(reader.GetInt64(0), out var i) ? OrderFact.Guest : i;
                    var at = ReadUtc(reader, 1);
                    orders.Add(new OrderFact(customer, at, ReadMoney(reader, 2, sqlite)));
                    if (customer >= 0 && (firstAt[customer] == default || at < firstAt[customer]))
                    {
                        firstAt[customer] = at;
                        firstCategory[customer] = reader.IsDBNull(3) ? null : reader.GetString(3);
                    }
                }
            }

            var refunds = new List<RefundFact>();
            await using (var command = Command(connection,
                """SELECT "CustomerId", "RefundedAt", "Amount" FROM "Refunds" """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var customer = reader.IsDBNull(0) || !index.TryGetValue(reader.GetInt64(0), out var i) ? OrderFact.Guest : i;
                    refunds.Add(new RefundFact(customer, ReadUtc(reader, 1), ReadMoney(reader, 2, sqlite)));
                }
            }

            var customers = new CustomerFact[ids.Count];
            for (var i = 0; i < customers.Length; i++)
                customers[i] = new CustomerFact(ids[i], countries[i], channels[i], firstCategory[i]);
            var orderArray = orders.ToArray();
            var refundArray = refunds.ToArray();
            Array.Sort(orderArray, static (a, b) => a.PlacedAt.CompareTo(b.PlacedAt));
            Array.Sort(refundArray, static (a, b) => a.RefundedAt.CompareTo(b.RefundedAt));
            return new ShopData { Customers = customers, Orders = orderArray, Refunds = refundArray, Currency = currency };
        }
        finally
        {
            if (opened)
                await db.Database.CloseConnectionAsync();
        }
    }

    // The command must outlive its reader: disposing a SqliteCommand closes the readers it opened.
    internal static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    // SQLite keeps money as a scaled integer and times as ISO text (see SqliteModelConventions); PostgreSQL as
    // numeric and timestamptz.
    private static decimal ReadMoney(DbDataReader reader, int ordinal, bool sqlite) =>
        sqlite ? SqliteModelConventions.FromScaled(reader.GetInt64(ordinal), SqliteModelConventions.DefaultScale) : reader.GetDecimal(ordinal);

    private static DateTime ReadUtc(DbDataReader reader, int ordinal) =>
        DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
