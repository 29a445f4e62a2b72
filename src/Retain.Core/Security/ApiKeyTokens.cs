using System.Security.Cryptography;
using System.Text;

namespace Retain.Core.Security;

/// <summary>
/// Makes and checks API key tokens <c>rtn_&lt;prefix&gt;_&lt;secret&gt;</c>. The secret is 256 random bits, so a plain
/// SHA-256 is the right hash (a slow password hash buys nothing against a key nobody can guess, and would cost
/// milliseconds on every request); the comparison is constant-time.
/// </summary>
public static class ApiKeyTokens
{
    public const string Marker = "rtn_";
    public const int PrefixLength = 12;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static (string Prefix, string Secret, string Token) Generate()
    {
        var prefix = RandomNumberGenerator.GetString(Alphabet, PrefixLength);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (prefix, secret, $"{Marker}{prefix}_{secret}");
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Splits a token into its prefix and secret; false when it does not have the shape of one.</summary>
    public static bool TryParse(string? token, out string prefix, out string secret)
    {
        prefix = secret = "";
        if (token is null || !token.StartsWith(Marker, StringComparison.Ordinal) || token.Length > 200)
            return false;
        var rest = token.AsSpan(Marker.Length);
        var underscore = rest.IndexOf('_');
        if (underscore != PrefixLength || rest.Length <= PrefixLength + 1)
            return false;
        prefix = rest[..PrefixLength].ToString();
        secret = rest[(PrefixLength + 1)..].ToString();
        return true;
    }

    public static bool Verify(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
