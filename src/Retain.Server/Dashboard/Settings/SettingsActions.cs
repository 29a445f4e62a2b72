using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Auth;

namespace Retain.Server.Dashboard.Settings;

/// <summary>What the settings page shows.</summary>
public sealed record SettingsView(string BaseCurrency, bool HasOrders, IReadOnlyList<ApiKeyRow> Keys, IReadOnlyList<UserRow> Users);

public sealed record ApiKeyRow(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

public sealed record UserRow(long Id, string Email, string? DisplayName, UserRole Role, DateTime CreatedAt, DateTime? LastLoginAt, DateTime? DisabledAt);

/// <summary>
/// The outcome of a settings change: done, or refused with the form field and a reason key the page localizes.
/// <see cref="Forbidden"/> is its own outcome so the page can answer 403 rather than a validation message.
/// </summary>
public sealed record SettingsResult(bool Ok, bool Forbidden = false, string? Field = null, string? Reason = null)
{
    public static SettingsResult Done { get; } = new(true);
    public static SettingsResult Denied { get; } = new(false, Forbidden: true, Reason: "forbidden");
    public static SettingsResult Invalid(string field, string reason) => new(false, Field: field, Reason: reason);
}

/// <summary>
/// Every change the settings page can make, each checking on the server that the caller is an admin — the page hides
/// its forms from others, but a forged POST reaches this code all the same.
/// </summary>
public sealed class SettingsActions(IDbContextFactory<RetainDbContext> contexts, ApiKeyStore keys, UserAccounts users)
{
    public static bool IsAdmin(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(RetainClaims.Scope, ApiScopes.Admin);

    public async Task<SettingsView> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var currency = await db.GetBaseCurrencyAsync(cancellationToken);
        var hasOrders = await db.Orders.AnyAsync(cancellationToken);
        var keyRows = (await keys.ListAsync(cancellationToken))
            .Select(k => new ApiKeyRow(k.Id, k.Name, k.Prefix, k.ScopeList, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToList();
        var userRows = (await users.ListAsync(cancellationToken))
            .Select(u => new UserRow(u.Id, u.Email, u.DisplayName, u.Role, u.CreatedAt, u.LastLoginAt, u.DisabledAt)).ToList();
        return new SettingsView(currency, hasOrders, keyRows, userRows);
    }

    /// <summary>Stored revenue is converted to the base currency, so it may change only while no orders are stored (as an import's currency may).</summary>
    public async Task<SettingsResult> SetBaseCurrencyAsync(ClaimsPrincipal by, string? code, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(by))
            return SettingsResult.Denied;
        code = code?.Trim().ToUpperInvariant();
        if (!ShopSettings.IsCurrencyCode(code))
            return SettingsResult.Invalid("currency", "currency_invalid");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (code == await db.GetBaseCurrencyAsync(cancellationToken))
            return SettingsResult.Done;
        if (await db.Orders.AnyAsync(cancellationToken))
            return SettingsResult.Invalid("currency", "currency_locked");
        await db.SetBaseCurrencyAsync(code!, cancellationToken);
        return SettingsResult.Done;
    }

    /// <summary>Creates a key; its token is in the result only, never stored or shown again.</summary>
    public async Task<(SettingsResult Result, string? Token)> CreateKeyAsync(ClaimsPrincipal by, string? name, IEnumerable<string> scopes, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(by))
            return (SettingsResult.Denied, null);
        if (string.IsNullOrWhiteSpace(name))
            return (SettingsResult.Invalid("name", "name_required"), null);
        var parsed = ApiScopes.Parse(string.Join(' ', scopes));
        if (parsed is null)
            return (SettingsResult.Invalid("scopes", "scopes_required"), null);
        var (_, token) = await keys.CreateAsync(name, parsed, cancellationToken);
        return (SettingsResult.Done, token);
    }

    public async Task<SettingsResult> RevokeKeyAsync(ClaimsPrincipal by, long id, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(by))
            return SettingsResult.Denied;
        return await keys.RevokeAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken)
            ? SettingsResult.Done
            : SettingsResult.Invalid("key", "not_found");
    }

    public async Task<SettingsResult> CreateUserAsync(ClaimsPrincipal by, string? email, string? password, UserRole role, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(by))
            return SettingsResult.Denied;
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
            return SettingsResult.Invalid("email", "email_invalid");
        if ((password ?? "").Length < UserAccounts.MinPasswordLength)
            return SettingsResult.Invalid("password", "password_short");
        try
        {
            await users.CreateAsync(email, password!, role, cancellationToken: cancellationToken);
            return SettingsResult.Done;
        }
        catch (InvalidOperationException)
        {
            return SettingsResult.Invalid("email", "email_taken");
        }
    }

    public async Task<SettingsResult> SetRoleAsync(ClaimsPrincipal by, string? email, UserRole role, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(by))
            return SettingsResult.Denied;
        if (role != UserRole.Admin && await IsLastAdminAsync(email, cancellationToken))
            return SettingsResult.Invalid("role", "last_admin");
        return await users.SetRoleAsync(email ?? "", role, cancellationToken) ? SettingsResult.Done : SettingsResult.Invalid("email", "not_found");
    }

    public async Task<SettingsResult> DisableUserAsync(ClaimsPrincipal by, string? email, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(by))
            return SettingsResult.Denied;
        if (string.Equals(email?.Trim(), by.FindFirstValue(ClaimTypes.Name), StringComparison.OrdinalIgnoreCase))
            return SettingsResult.Invalid("email", "disable_self");
        if (await IsLastAdminAsync(email, cancellationToken))
            return SettingsResult.Invalid("email", "last_admin");
        return await users.DisableAsync(email ?? "", cancellationToken) ? SettingsResult.Done : SettingsResult.Invalid("email", "not_found");
    }

    /// <summary>Whether <paramref name="email"/> is the only enabled admin: demoting or disabling them would lock everyone out of settings.</summary>
    private async Task<bool> IsLastAdminAsync(string? email, CancellationToken cancellationToken)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var admins = await db.Users.Where(u => u.Role == UserRole.Admin && u.DisabledAt == null).Select(u => u.Email).ToListAsync(cancellationToken);
        return admins is [var only] && only == normalized;
    }
}
