using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Retain.Core.Storage;

/// <summary>
/// Sizes shared by every entity configuration. Ids coming from shops get generous limits (Shopify gids are ~40
/// characters); free text (names, descriptions) stays unbounded so an import never fails on PostgreSQL only.
/// </summary>
public static class ColumnSizes
{
    public const int ExternalId = 200;
    public const int Sku = 200;
    public const int Email = 320;
    public const int Phone = 40;
    public const int Country = 100;
    public const int Currency = 3;
    public const int ShortText = 64;
    public const int ContentHash = 64;

    public const int MoneyPrecision = 19;
    public const int MoneyScale = 4;
    public const int RateScale = 8;

    /// <summary>numeric(19,4) on PostgreSQL, an integer of 1/10,000 units on SQLite (see <see cref="SqliteModelConventions"/>).</summary>
    public static PropertyBuilder<decimal> IsMoney(this PropertyBuilder<decimal> property) =>
        property.HasPrecision(MoneyPrecision, MoneyScale);

    public static PropertyBuilder<decimal?> IsMoney(this PropertyBuilder<decimal?> property) =>
        property.HasPrecision(MoneyPrecision, MoneyScale);

    /// <summary>An exchange rate: numeric(19,8), or 1/10^8 units on SQLite.</summary>
    public static PropertyBuilder<decimal> IsRate(this PropertyBuilder<decimal> property) =>
        property.HasPrecision(MoneyPrecision, RateScale);
}
