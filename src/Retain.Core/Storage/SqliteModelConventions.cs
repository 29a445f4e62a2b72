using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Retain.Core.Storage;

/// <summary>
/// How the portable model lands on SQLite.
/// <para>
/// Money: SQLite has no decimal type; EF would store <c>decimal</c> as TEXT, which SQL can neither compare nor sum
/// correctly ("10.5" &lt; "9.0"). We store every decimal as a scaled 64-bit integer instead (the property's scale,
/// 4 for money: 12.3456 → 123456), so ORDER BY, comparisons and SUM are exact and done by SQLite, and the value is
/// identical to PostgreSQL's numeric(19,4). The cost: multiplying two such columns in SQL is meaningless (both are
/// scaled), so products like quantity × price are computed in C# and stored (see <c>Order.Revenue</c>).
/// </para>
/// <para>
/// Time: every DateTime is UTC. SQLite keeps it as ISO-8601 TEXT without a zone; the converter normalises on write
/// (Local is converted, Unspecified is taken as UTC) and marks reads as <see cref="DateTimeKind.Utc"/>, which is what
/// Npgsql does natively for timestamptz.
/// </para>
/// </summary>
public static class SqliteModelConventions
{
    public const int DefaultScale = 4;

    private static readonly ValueConverter<DateTime, DateTime> UtcConverter =
        new(v => UtcTime.Normalize(v), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    internal static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (type == typeof(decimal))
                    property.SetValueConverter(ScaledConverter(property.GetScale() ?? DefaultScale));
                else if (type == typeof(DateTime))
                    property.SetValueConverter(UtcConverter);
            }
        }
    }

    /// <summary>The stored integer for <paramref name="value"/> at <paramref name="scale"/> decimals (rounded half away from zero).</summary>
    public static long ToScaled(decimal value, int scale) =>
        (long)decimal.Round(value * Pow10(scale), 0, MidpointRounding.AwayFromZero);

    public static decimal FromScaled(long stored, int scale) => stored / Pow10(scale);

    /// <summary>The TEXT form EF Core's SQLite provider uses for DateTime, so raw writers store the same thing.</summary>
    public static string FormatDateTime(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    private static decimal Pow10(int scale) => scale switch
    {
        4 => 10_000m,
        8 => 100_000_000m,
        _ => (decimal)Math.Pow(10, scale),
    };

    private static ValueConverter<decimal, long> ScaledConverter(int scale)
    {
        // Built per scale as an expression so EF can also convert query parameters and constants.
        var s = Expression.Constant(scale);
        var toStore = Expression.Parameter(typeof(decimal), "v");
        var fromStore = Expression.Parameter(typeof(long), "v");
        return new ValueConverter<decimal, long>(
            Expression.Lambda<Func<decimal, long>>(Expression.Call(typeof(SqliteModelConventions), nameof(ToScaled), null, toStore, s), toStore),
            Expression.Lambda<Func<long, decimal>>(Expression.Call(typeof(SqliteModelConventions), nameof(FromScaled), null, fromStore, s), fromStore));
    }
}
