namespace Retain.Core.Security;

/// <summary>What a dashboard user may do: admins everything, marketers read and write shop data, viewers only read.</summary>
public enum UserRole
{
    Viewer = 0,
    Marketer = 1,
    Admin = 2,
}

/// <summary>A dashboard user, signing in with e-mail and password (hashed with ASP.NET Core Identity's PBKDF2 hasher).</summary>
public sealed class User
{
    public long Id { get; set; }
    /// <summary>Stored lower-case: the login name.</summary>
    public required string Email { get; set; }
    public string? DisplayName { get; set; }
    public UserRole Role { get; set; }
    public required string PasswordHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DisabledAt { get; set; }
    public DateTime? LastLoginAt { get; set; }

    /// <summary>The API scopes the role stands for, so one set of policies covers keys and users.</summary>
    public static IReadOnlyList<string> ScopesOf(UserRole role) => role switch
    {
        UserRole.Admin => [ApiScopes.Admin, ApiScopes.Ingest, ApiScopes.Read],
        UserRole.Marketer => [ApiScopes.Ingest, ApiScopes.Read],
        _ => [ApiScopes.Read],
    };
}
