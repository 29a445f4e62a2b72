using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Retain.Core.Import.Parsing;

/// <summary>Allocation-free parsing of numbers and dates from UTF-8 fields, culture-invariant by construction.</summary>
internal static class Utf8Fields
{
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || (s[0] > (byte)' ' && s[^1] > (byte)' '))
            return s;
        var start = 0;
        var end = s.Length;
        while (start < end && s[start] is (byte)' ' or (byte)'\t')
            start++;
        while (end > start && s[end - 1] is (byte)' ' or (byte)'\t')
            end--;
        return s[start..end];
    }

    public static bool TryInt(ReadOnlySpan<byte> s, out int value)
    {
        if (Utf8Parser.TryParse(s, out value, out var used) && used == s.Length)
            return true;
        // "12.0" as written by spreadsheets is still a whole number.
        if (Utf8Parser.TryParse(s, out decimal d, out used) && used == s.Length && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        return false;
    }

    public static bool TryDecimal(ReadOnlySpan<byte> s, out decimal value) =>
        TryPlainDecimal(s, out value) || (Utf8Parser.TryParse(s, out value, out var used) && used == s.Length);

    /// <summary>The common shape <c>-?digits(.digits)?</c> with at most 18 digits, without the general parser.</summary>
    private static bool TryPlainDecimal(ReadOnlySpan<byte> s, out decimal value)
    {
        value = 0;
        var i = 0;
        var negative = s.Length > 0 && s[0] == (byte)'-';
        if (negative)
            i = 1;
        long mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == (byte)'.' && scale < 0)
            {
                scale = 0;
                continue;
            }
            var d = c - '0';
            if ((uint)d > 9 || ++digits > 18)
                return false;
            mantissa = mantissa * 10 + d;
            if (scale >= 0)
                scale++;
        }
        if (digits == 0)
            return false;
        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    /// <summary>
    /// A UTC time: the fast path is <c>yyyy-MM-dd HH:mm[:ss]</c> (or with a <c>T</c>); with <paramref name="format"/> an
    /// exact .NET format; otherwise ISO 8601 with an optional offset (Shopify's <c>2024-01-15 10:23:45 +0100</c>).
    /// Times without an offset are taken as UTC.
    /// </summary>
    public static bool TryDate(ReadOnlySpan<byte> s, string? format, out DateTime value)
    {
        if (format is null or "yyyy-MM-dd HH:mm:ss" && TryIsoFast(s, out value))
            return true;
        Span<char> chars = stackalloc char[64];
        if (s.Length > chars.Length || !Ascii.IsValid(s))
        {
            value = default;
            return false;
        }
        var n = Encoding.ASCII.GetChars(s, chars);
        var text = chars[..n];
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (format is not null)
        {
            if (DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, styles, out var exact))
            {
                value = exact.UtcDateTime;
                return true;
            }
            value = default;
            return false;
        }
        string[] formats = ["yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss zz", "yyyy-MM-dd HH:mm zzz", "yyyy-MM-dd"];
        if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, styles, out var known)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out known))
        {
            value = known.UtcDateTime;
            return true;
        }
        value = default;
        return false;
    }

    private static bool TryIsoFast(ReadOnlySpan<byte> s, out DateTime value)
    {
        value = default;
        if (s.Length is not (16 or 19) || s[4] != '-' || s[7] != '-' || s[10] is not ((byte)' ' or (byte)'T') || s[13] != ':')
            return false;
        var seconds = 0;
        if (s.Length == 19 && (s[16] != ':' || !TwoDigits(s, 17, out seconds)))
            return false;
        if (!TwoDigits(s, 0, out var c) || !TwoDigits(s, 2, out var y) || !TwoDigits(s, 5, out var month)
            || !TwoDigits(s, 8, out var day) || !TwoDigits(s, 11, out var hour) || !TwoDigits(s, 14, out var minute))
            return false;
        var year = c * 100 + y;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || seconds > 59)
            return false;
        value = new DateTime(year, month, day, hour, minute, seconds, DateTimeKind.Utc);
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        var a = s[at] - '0';
        var b = s[at + 1] - '0';
        value = a * 10 + b;
        return (uint)a <= 9 && (uint)b <= 9;
    }
}
