namespace Retain.Core.Security;

/// <summary>What an API key may do. A key holds one or more; <see cref="Admin"/> implies the other two.</summary>
public static class ApiScopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Admin];

    /// <summary>Parses "ingest,read" (commas or spaces); null when a scope is unknown or none is given.</summary>
    public static string[]? Parse(string? text)
    {
        var scopes = (text ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        return scopes.Length == 0 || scopes.Any(s => !All.Contains(s)) ? null : scopes;
    }

    /// <summary>The scopes a key or user effectively has: admin brings ingest and read.</summary>
    public static IEnumerable<string> Effective(IEnumerable<string> scopes)
    {
        var set = scopes.ToHashSet(StringComparer.Ordinal);
        if (set.Contains(Admin))
            set.UnionWith(All);
        return set.Order(StringComparer.Ordinal);
    }
}

/// <summary>
/// A shop's credential for the API. The token is <c>rtn_&lt;prefix&gt;_&lt;secret&gt;</c>; only the prefix (to find
/// the row) and a SHA-256 of the secret are stored, so a leaked database does not leak usable keys.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The public, unique part of the token, shown in lists and logs.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the secret part (32 bytes).</summary>
    public required byte[] SecretHash { get; set; }
    /// <summary>Space-separated scopes, e.g. "ingest read".</summary>
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
