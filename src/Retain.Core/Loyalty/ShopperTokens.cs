using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Retain.Core.Loyalty;

/// <summary>
/// Short-lived tokens the shop's backend signs for its storefront widget, so a shopper reads and spends only their own
/// points without holding an API key: <c>v1.{payload}.{signature}</c>, where payload is base64url JSON
/// <c>{"sub": customer's shop id, "iat": unix seconds, "exp": unix seconds}</c> and signature is base64url
/// HMAC-SHA256 over <c>v1.{payload}</c> with the shared secret.
/// </summary>
public static class ShopperTokens
{
    private const string Prefix = "v1.";

    private sealed record Payload(string Sub, long Iat, long Exp);

    /// <summary>Signs a token for <paramref name="customerId"/> (the shop's id) valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public static string Create(string secret, string customerId, DateTimeOffset now, TimeSpan lifetime)
    {
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(
            new Payload(customerId, now.ToUnixTimeSeconds(), (now + lifetime).ToUnixTimeSeconds()), LoyaltyProgramme.Json));
        return Prefix + payload + "." + Sign(secret, Prefix + payload);
    }

    /// <summary>
    /// The shopper's id when the token is well formed, signed with <paramref name="secret"/>, not expired, not issued in
    /// the future (beyond <paramref name="skew"/>) and lives no longer than <paramref name="maxLifetime"/>; otherwise
    /// null with the reason.
    /// </summary>
    public static string? Validate(string secret, string token, DateTimeOffset now, TimeSpan maxLifetime, TimeSpan skew, out string reason)
    {
        reason = "malformed";
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != "v1")
            return null;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, Prefix + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            reason = "bad signature";
            return null;
        }
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(parts[1]), LoyaltyProgramme.Json);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
        var at = now.ToUnixTimeSeconds();
        if (payload is null || string.IsNullOrWhiteSpace(payload.Sub))
            return null;
        if (payload.Exp <= at)
            reason = "expired";
        else if (payload.Iat > at + (long)skew.TotalSeconds)
            reason = "issued in the future";
        else if (payload.Exp - payload.Iat > (long)maxLifetime.TotalSeconds)
            reason = "lives longer than allowed";
        else
            return payload.Sub;
        return null;
    }

    private static string Sign(string secret, string data) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(data)));
}
