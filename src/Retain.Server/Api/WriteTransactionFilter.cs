using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Retain.Core.Idempotency;
using Retain.Core.Products;
using Retain.Core.Storage;
using Retain.Server.Auth;

namespace Retain.Server.Api;

/// <summary>
/// Runs a write endpoint as one transaction: it commits only a 2xx answer, rolls back anything else (a domain error, a
/// validation problem, an exception). Two requests racing to create the same entity collide on a unique index; the
/// loser is retried from the start and then finds the winner's row. With an <c>Idempotency-Key</c> header, the response
/// is stored in the same transaction, and a retry with the same key and body gets it back without writing again.
/// </summary>
/// <remarks>
/// With <see cref="ApiOptions.SqliteGroupCommit"/>, SQLite's transaction is shared: <see cref="SqliteWriteBatches"/> runs
/// the requests that queued for the single writer together, each inside its own savepoint, and answers them after one
/// commit (docs/architecture.md, "Group commit on SQLite").
/// ASP.NET Core creates a filter added with <c>AddEndpointFilter&lt;T&gt;</c> anew for every request, so nothing
/// shared lives here: the queue is a singleton.
/// </remarks>
internal sealed partial class WriteTransactionFilter(
    IOptions<JsonOptions> json, IOptions<ApiOptions> options, IngestMetrics metrics, SqliteWriteBatches batches, SqliteWriteGate writeGate,
    ProductIds productIds, ILogger<WriteTransactionFilter> logger) : IEndpointFilter
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxAttempts = 5;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var cancellationToken = http.RequestAborted;
        var db = http.RequestServices.GetRequiredService<RetainDbContext>();
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 200)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyHeader] = ["At most 200 characters."] });
        var requestHash = key.Length == 0 ? null : await HashRequestAsync(http.Request, cancellationToken);
        var owner = RetainClaims.CallerOf(http.User) ?? "anonymous";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                (object? Result, bool Keep) outcome;
                if (db.Database.IsSqlite() && options.Value.SqliteGroupCommit)
                {
                    outcome = await batches.RunAsync(batchDb => AttemptAsync(context, next, UseContext(context, batchDb), owner, key, requestHash), cancellationToken);
                }
                else
                {
                    // SQLite's single writer queues here (the gate is free on PostgreSQL).
                    using (await writeGate.EnterAsync(db, cancellationToken))
                        outcome = await InOwnTransactionAsync(db, () => AttemptAsync(context, next, db, owner, key, requestHash), cancellationToken);
                    // Committed now (the batches publish their own product ids after their commit).
                    if (outcome.Keep)
                        productIds.Committed(db);
                }
                var (result, kept) = outcome;
                if (kept)
                    metrics.Committed((http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText, Unwrap(result).Status);
                return result;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && IsUniqueViolation(ex))
            {
                LogRetry(http.Request.Path, attempt);
                metrics.Retried();
            }
            finally
            {
                // Whatever the handler tracked or learned belongs to this attempt's transaction only.
                db.ChangeTracker.Clear();
                productIds.Discard(db);
            }
        }
    }

    /// <summary>Hands the handler <paramref name="db"/> in place of the request's own context (every write handler takes one).</summary>
    private static RetainDbContext UseContext(EndpointFilterInvocationContext context, RetainDbContext db)
    {
        for (var i = 0; i < context.Arguments.Count; i++)
            if (context.Arguments[i] is RetainDbContext)
                context.Arguments[i] = db;
        return db;
    }

    /// <summary>A transaction of the request's own.</summary>
    private static async Task<(object? Result, bool Keep)> InOwnTransactionAsync(
        RetainDbContext db, Func<Task<(object? Result, bool Keep)>> attempt, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await attempt();
        if (outcome.Keep)
            await transaction.CommitAsync(cancellationToken);
        return outcome; // disposing an uncommitted transaction rolls it back
    }

    /// <summary>
    /// One attempt inside the caller's transaction: a replay of the stored response, or the handler and (for a 2xx
    /// with a key) the stored response. Says whether to keep what it wrote: only a 2xx is kept.
    /// </summary>
    private async Task<(object? Result, bool Keep)> AttemptAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, RetainDbContext db, string owner, string key, string? requestHash)
    {
        var http = context.HttpContext;
        var cancellationToken = http.RequestAborted;
        if (requestHash is not null
            && await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Owner == owner && r.Key == key, cancellationToken) is { } stored)
        {
            metrics.Replayed();
            return (Replay(http, stored, requestHash), false);
        }
        var result = await next(context);
        var (status, value) = Unwrap(result);
        if (status is < 200 or >= 300)
            return (result, false);
        if (requestHash is not null)
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Owner = owner, Key = key, RequestHash = requestHash, StatusCode = status, CreatedAt = DateTime.UtcNow,
                ResponseJson = value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions),
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        return (result, true);
    }

    private static IResult Replay(HttpContext http, IdempotencyRecord stored, string requestHash)
    {
        if (!string.Equals(stored.RequestHash, requestHash, StringComparison.Ordinal))
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was already used with a different request; use a new key for a new request.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [IdempotencyHeader] = ["Used before with a different request."] } });
        http.Response.Headers[ReplayedHeader] = "true";
        return stored.ResponseJson is null
            ? TypedResults.StatusCode(stored.StatusCode)
            : TypedResults.Content(stored.ResponseJson, "application/json", Encoding.UTF8, stored.StatusCode);
    }

    private static (int Status, object? Value) Unwrap(object? result)
    {
        while (result is INestedHttpResult nested)
            result = nested.Result;
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        return (status, result is IValueHttpResult v ? v.Value : null);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
                sha.AppendData(buffer, 0, read);
            request.Body.Position = 0;
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    internal static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Write to {Path} collided with a concurrent write (attempt {Attempt}); retrying")]
    private partial void LogRetry(PathString path, int attempt);
}
