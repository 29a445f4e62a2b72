using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Retain.Analytics.Recommendations;
using Retain.Core.Orders;
using Retain.Core.Storage;

namespace Retain.Core.Recommendations;

/// <summary>A catalogue product as recommendations show and filter it.</summary>
public sealed record CatalogueItem(string Sku, string Name, string? Category, bool InStock);

/// <summary>What the recommender trains on: every customer's purchase lines, and the catalogue.</summary>
public sealed record RecommendationData(PurchaseLog Log, IReadOnlyDictionary<string, CatalogueItem> Catalogue, DateTime LastPurchase);

/// <summary>
/// Reads purchase lines (customer, order, time, SKU) of every order that counts, with plain data readers: EF
/// materialisation of millions of lines would cost more than training. Portable SQL: SQLite and PostgreSQL.
/// </summary>
public static class RecommendationQueries
{
    public static async Task<RecommendationData> LoadAsync(RetainDbContext db, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
            await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var catalogue = new Dictionary<string, CatalogueItem>(StringComparer.Ordinal);
            await using (var command = ShopDataQueries.Command(connection,
                """
                SELECT p."Sku", p."Name", c."Name", p."InStock"
                FROM "Products" p LEFT JOIN "Categories" c ON c."Id" = p."CategoryId"
                """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var sku = reader.GetString(0);
                    catalogue[sku] = new CatalogueItem(sku, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3));
                }
            }

            // Merged-away customers are left out: their orders were moved to the surviving record.
            var builder = new PurchaseLog.Builder();
            var last = DateTime.MinValue;
            await using (var command = ShopDataQueries.Command(connection,
                $"""
                SELECT c."ExternalId", o."Id", o."PlacedAt", l."Sku"
                FROM "OrderLines" l
                JOIN "Orders" o ON o."Id" = l."OrderId"
                JOIN "Customers" c ON c."Id" = o."CustomerId" AND c."MergedIntoId" IS NULL
                WHERE o."Status" <> {(int)OrderStatus.Cancelled} AND l."Quantity" > 0
                ORDER BY o."Id"
                """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var at = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
                    builder.Add(reader.GetString(0), reader.GetString(3), reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture), at);
                    if (at > last)
                        last = at;
                }
            }
            return new RecommendationData(builder.Build(), catalogue, last);
        }
        finally
        {
            if (opened)
                await db.Database.CloseConnectionAsync();
        }
    }
}
