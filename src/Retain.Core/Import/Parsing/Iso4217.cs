namespace Retain.Core.Import.Parsing;

/// <summary>Active ISO 4217 alphabetic currency codes (plus the X-codes for precious metals are deliberately absent).</summary>
internal static class Iso4217
{
    private static readonly HashSet<string> Codes = new(
        ("AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF " +
         "CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD " +
         "HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD " +
         "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN " +
         "PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP " +
         "TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL")
        .Split(' '),
        StringComparer.Ordinal);

    // Created once: the lookup is asked for on every row that names a currency.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CodesBySpan = Codes.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsKnown(string code) => Codes.Contains(code);

    /// <summary>The interned code for three upper-case ASCII letters, or null when unknown.</summary>
    public static string? Lookup(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length != 3)
            return null;
        Span<char> chars = stackalloc char[3];
        for (var i = 0; i < 3; i++)
            chars[i] = char.ToUpperInvariant((char)utf8[i]);
        return CodesBySpan.TryGetValue(chars, out var code) ? code : null;
    }
}
