using System.Security.Claims;

namespace Retain.Server.Auth;

/// <summary>Claim types shared by API keys and dashboard users, so policies, rate limits and idempotency treat both alike.</summary>
public static class RetainClaims
{
    public const string Scope = "retain:scope";
    /// <summary>"key:12" or "user:3": whose rate limit and whose idempotency keys.</summary>
    public const string Caller = "retain:caller";
    public const string KeyPrefix = "retain:key_prefix";
    public const string Role = ClaimTypes.Role;

    public static string? CallerOf(ClaimsPrincipal user) => user.FindFirst(Caller)?.Value;
}

/// <summary>Authorization policies, one per scope.</summary>
public static class AuthPolicies
{
    public const string Read = "read";
    public const string Ingest = "ingest";
    public const string Admin = "admin";
}
