using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

/// <summary>
/// The points ledger's commands. Each runs in one database transaction and writes one <see cref="LoyaltyTransaction"/>
/// under its idempotency key; a command that loses a race (the key committed by a twin, a member row changed since it
/// was read, a busy or serialisation failure) is retried from the start, and a retry of a committed key returns the
/// stored result. Which race it was does not matter: the unique key and the member version decide, not timing.
/// </summary>
public sealed partial class LoyaltyLedger(
    IDbContextFactory<RetainDbContext> contexts, SqliteWriteGate writeGate, TimeProvider time, IOptions<LoyaltyOptions> options)
{
    private LoyaltyOptions Options => options.Value;

    private async Task<TResult> RunAsync<TResult>(
        string key, LoyaltyTransactionKind kind, object command, Func<LedgerSession, Task<TResult>> body, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > LoyaltyTransactionConfiguration.KeyLength)
            throw new InvalidLoyaltyCommandException("key", $"An idempotency key of 1–{LoyaltyTransactionConfiguration.KeyLength} characters is required.");
        var hash = Hash(kind, command);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(key, kind, hash, body, ct);
            }
            catch (Exception ex) when (attempt < Options.MaxAttempts && IsLostRace(ex))
            {
                // Back off a little, randomly, so twins that collided do not collide again in lockstep.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }

    private async Task<TResult> AttemptAsync<TResult>(
        string key, LoyaltyTransactionKind kind, string hash, Func<LedgerSession, Task<TResult>> body, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // A failed attempt is retried whole, so EF's savepoint before each SaveChanges buys nothing, and on PostgreSQL
        // 15 the subtransactions it opens made a twin's foreign-key share lock and our update of the member row end in
        // "XX000: new multixact has more than one updating member" (LedgerConcurrencyTests, under CI load).
        db.Database.AutoSavepointsEnabled = false;
        // On SQLite this process's writers queue on the gate, then BEGIN IMMEDIATE; on PostgreSQL read committed, where
        // the member row's version check catches every write that raced ours.
        using var turn = await writeGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.LoyaltyTransactions.AsNoTracking().Where(t => t.Key == key)
            .Select(t => new { t.RequestHash, t.ResultJson }).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            if (existing.RequestHash != hash)
                throw new IdempotencyConflictException(key);
            return JsonSerializer.Deserialize<TResult>(existing.ResultJson, LoyaltyProgramme.Json)!;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var transaction = new LoyaltyTransaction { Key = key, Kind = kind, RequestHash = hash, ResultJson = "", CreatedAt = now };
        db.LoyaltyTransactions.Add(transaction);
        // Written first so the key is claimed before any work: a twin waits on (or fails at) the unique index.
        await db.SaveChangesAsync(ct);
        var session = new LedgerSession(db, transaction, now, Options.DebtPolicy);
        var result = await body(session);
        if (session.Abandoned)
        {
            await tx.RollbackAsync(ct);
            return result;
        }
        transaction.ResultJson = JsonSerializer.Serialize(result, LoyaltyProgramme.Json);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>A failure that means another command got there first; running the command again resolves it.</summary>
    private static bool IsLostRace(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsLostRace(inner),
        // 5 busy, 6 locked; 19 constraint: the key or a new member row inserted by a twin.
        SqliteException s => s.SqliteErrorCode is 5 or 6 || s.SqliteExtendedErrorCode is 2067 or 1555,
        // Unique violation, serialisation failure, deadlock.
        PostgresException p => p.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected,
        InvalidOperationException { InnerException: { } inner } => IsLostRace(inner),
        _ => false,
    };

    private static string Hash(LoyaltyTransactionKind kind, object command)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { kind, command }, LoyaltyProgramme.Json);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>12.50 and 12.5 are the same amount; the hash must not tell them apart.</summary>
    private static decimal Canonical(decimal value) => value / 1.0000000000000000000000000000m;
}
