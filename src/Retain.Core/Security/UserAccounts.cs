using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Core.Security;

/// <summary>Dashboard users: create, list, change role, disable, and check a password at sign-in.</summary>
public sealed class UserAccounts(IDbContextFactory<RetainDbContext> contexts, TimeProvider time)
{
    public const int MinPasswordLength = 10;
    private static readonly PasswordHasher<User> Hasher = new();

    public async Task<User> CreateAsync(string email, string password, UserRole role, string? displayName = null, CancellationToken cancellationToken = default)
    {
        email = Normalize(email);
        if (!email.Contains('@', StringComparison.Ordinal))
            throw new ArgumentException($"'{email}' is not an e-mail address.", nameof(email));
        if (password.Length < MinPasswordLength)
            throw new ArgumentException($"A password needs at least {MinPasswordLength} characters.", nameof(password));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
            throw new InvalidOperationException($"A user {email} already exists.");
        var user = new User { Email = email, DisplayName = displayName, Role = role, PasswordHash = "", CreatedAt = time.GetUtcNow().UtcDateTime };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>
    /// Creates the user, or gives an existing one this password and role and enables it again (the demo's login,
    /// printed fresh on every run because only the hash is stored).
    /// </summary>
    public async Task<User> CreateOrResetAsync(string email, string password, UserRole role, CancellationToken cancellationToken = default)
    {
        email = Normalize(email);
        if (password.Length < MinPasswordLength)
            throw new ArgumentException($"A password needs at least {MinPasswordLength} characters.", nameof(password));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
            return await CreateAsync(email, password, role, cancellationToken: cancellationToken);
        user.Role = role;
        user.DisabledAt = null;
        user.PasswordHash = Hasher.HashPassword(user, password);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync(cancellationToken);
    }

    public Task<bool> SetRoleAsync(string email, UserRole role, CancellationToken cancellationToken = default) =>
        UpdateAsync(email, u => u.Role = role, cancellationToken);

    public Task<bool> DisableAsync(string email, CancellationToken cancellationToken = default) =>
        UpdateAsync(email, u => u.DisabledAt ??= time.GetUtcNow().UtcDateTime, cancellationToken);

    public async Task<User?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.DisabledAt == null, cancellationToken);
    }

    /// <summary>The enabled user with these credentials, or null. Upgrades an outdated hash on the way.</summary>
    public async Task<User?> SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        email = Normalize(email);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null || user.DisabledAt is not null)
        {
            // Hash anyway, so an unknown e-mail takes as long as a wrong password.
            Hasher.HashPassword(new User { Email = email, PasswordHash = "" }, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
            return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            user.PasswordHash = Hasher.HashPassword(user, password);
        user.LastLoginAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    private async Task<bool> UpdateAsync(string email, Action<User> change, CancellationToken cancellationToken)
    {
        email = Normalize(email);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
            return false;
        change(user);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
