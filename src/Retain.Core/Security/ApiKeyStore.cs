using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retain.Core.Storage;

namespace Retain.Core.Security;

/// <summary>
/// Creates, lists, revokes and checks API keys. Checked keys are remembered for
/// <see cref="SecurityOptions.ApiKeyCacheLifetime"/> so a request does not cost a database query: the secret is still
/// verified against the remembered hash every time, a revocation in this process applies at once, and one made
/// elsewhere (<c>retain apikey revoke</c>, another server) applies within that lifetime.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<RetainDbContext> contexts, TimeProvider time, IOptions<SecurityOptions> options)
{
    /// <summary>How stale <see cref="ApiKey.LastUsedAt"/> may get: writing it on every request would add a write to every read.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (ApiKey Key, DateTime Until)> _checked = new(StringComparer.Ordinal);

    /// <summary>Creates a key and returns it with its token, which exists only in this return value.</summary>
    public async Task<(ApiKey Key, string Token)> CreateAsync(string name, IEnumerable<string> scopes, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A key needs a name.", nameof(name));
        var (prefix, secret, token) = ApiKeyTokens.Generate();
        var key = new ApiKey
        {
            Name = name.Trim(),
            Prefix = prefix,
            SecretHash = ApiKeyTokens.Hash(secret),
            Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, token);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes the key with this prefix (or numeric id); false when there is none.</summary>
    public async Task<bool> RevokeAsync(string prefixOrId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = long.TryParse(prefixOrId, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefixOrId || k.Id == id, cancellationToken);
        if (key is null)
            return false;
        _checked.TryRemove(key.Prefix, out _);
        key.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The active key a token stands for, or null (unknown, wrong secret or revoked).</summary>
    public async Task<ApiKey?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyTokens.TryParse(token, out var prefix, out var secret))
            return null;
        var now = time.GetUtcNow().UtcDateTime;
        if (_checked.TryGetValue(prefix, out var remembered) && now < remembered.Until
            && remembered.Key.LastUsedAt is { } lastUsed && now - lastUsed <= LastUsedResolution)
            return ApiKeyTokens.Verify(secret, remembered.Key.SecretHash) ? remembered.Key : null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (key is null || key.RevokedAt is not null)
        {
            _checked.TryRemove(prefix, out _);
            return null;
        }
        if (!ApiKeyTokens.Verify(secret, key.SecretHash))
            return null;
        if (key.LastUsedAt is null || now - key.LastUsedAt.Value > LastUsedResolution)
        {
            var stale = now - LastUsedResolution;
            // Conditional, so concurrent requests of one key write it once.
            await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
            key.LastUsedAt = now;
        }
        if (options.Value.ApiKeyCacheLifetime > TimeSpan.Zero)
            _checked[prefix] = (key, now + options.Value.ApiKeyCacheLifetime);
        return key;
    }
}
