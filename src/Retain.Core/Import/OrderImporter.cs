using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using Retain.Core.Import.Parsing;
using Retain.Core.Storage;

namespace Retain.Core.Import;

/// <summary>
/// Writes the orders and refunds of one file: customers and products upserted by their external ids, orders converted
/// to the base currency, all in one transaction. Idempotent: an order already stored with the same content is skipped,
/// one with different content is replaced with its lines (the last occurrence in the file wins). Atomic: if anything
/// throws — the parser included — nothing of the file is kept, and the failure is logged as a failed
/// <see cref="ImportRun"/>. Rejected rows do not fail the import; they go to <c>&lt;file&gt;.rejects.csv</c>.
/// </summary>
public sealed partial class OrderImporter(IDbContextFactory<RetainDbContext> contexts, TimeProvider time, ILogger<OrderImporter> logger)
{
    public async Task<ImportSummary> ImportAsync(ImportSource source, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var startedAt = time.GetUtcNow().UtcDateTime;
        var sha256 = source.FileSha256 ?? await ComputeSha256Async(source.FileName, cancellationToken);
        try
        {
            var (summary, rejects) = await ImportInTransactionAsync(source, sha256, startedAt, stopwatch, progress, cancellationToken);
            var rejectsPath = WriteRejects(source.RejectsPath ?? source.FileName + ".rejects.csv", rejects);
            LogImported(source.FileName, summary.OrdersInserted, summary.OrdersUpdated, summary.OrdersUnchanged, summary.RejectedRows, stopwatch.Elapsed.TotalSeconds);
            return summary with { RejectsPath = rejectsPath, Rejected = rejects, Duration = stopwatch.Elapsed };
        }
        catch (Exception ex)
        {
            LogFailed(ex, source.FileName);
            await RecordFailureAsync(source, sha256, startedAt, ex);
            throw;
        }
    }

    private async Task<(ImportSummary Summary, List<RejectedRow> Rejects)> ImportInTransactionAsync(
        ImportSource source, string? sha256, DateTime startedAt, Stopwatch stopwatch, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var baseCurrency = await ResolveBaseCurrencyAsync(db, source.BaseCurrency, cancellationToken);
        var rates = new ExchangeRateTable(baseCurrency, await db.ExchangeRates.AsNoTracking().ToListAsync(cancellationToken));
        var planner = new ImportPlanner(baseCurrency, rates);

        await using var writer = CreateWriter(db, transaction, source.Source, startedAt);
        await writer.BeginAsync(cancellationToken);
        progress?.Report(new ImportProgress("reading", 0, 0));
        var phases = await ImportPipeline.RunAsync(source.Orders, planner, writer,
            progress is null ? null : (orders, lines) => progress.Report(new ImportProgress("reading", orders, lines, source.Position?.Invoke())),
            cancellationToken);
        progress?.Report(new ImportProgress("writing", planner.OrdersRead, planner.LinesRead, 1));
        var completing = Stopwatch.StartNew();
        var counts = await writer.CompleteAsync(planner.Catalog, cancellationToken);
        completing.Stop();

        // Only now: the parser may have collected its rejects while being enumerated.
        var rejects = source.Rejects.Concat(planner.Rejects).OrderBy(r => r.LineNumber).ToList();
        var rejectedRows = checked((int)(rejects.Count + (source.UnlistedRejects?.Invoke() ?? 0)));
        var run = new ImportRun
        {
            FileName = Path.GetFileName(source.FileName),
            FileSha256 = sha256,
            Preset = source.Preset,
            StartedAt = startedAt,
            FinishedAt = startedAt + stopwatch.Elapsed,
            Status = ImportStatus.Succeeded,
            LinesRead = planner.LinesRead,
            OrdersInserted = counts.OrdersInserted,
            OrdersUpdated = counts.OrdersUpdated,
            OrdersUnchanged = counts.OrdersUnchanged,
            RefundsInserted = counts.RefundsInserted,
            RefundsUpdated = counts.RefundsUpdated,
            RefundsUnchanged = counts.RefundsUnchanged,
            CustomersCreated = counts.CustomersCreated,
            ProductsCreated = counts.ProductsCreated,
            GuestOrders = planner.GuestOrders,
            RejectedRows = rejectedRows,
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        var committing = Stopwatch.StartNew();
        await transaction.CommitAsync(cancellationToken);
        LogPhases(phases.Parsing.TotalSeconds, phases.Writing.TotalSeconds, completing.Elapsed.TotalSeconds, committing.Elapsed.TotalSeconds);
        progress?.Report(new ImportProgress("done", planner.OrdersRead, planner.LinesRead, 1));

        var summary = new ImportSummary
        {
            ImportRunId = run.Id,
            FileName = source.FileName,
            BaseCurrency = baseCurrency,
            LinesRead = planner.LinesRead,
            OrdersInserted = counts.OrdersInserted,
            OrdersUpdated = counts.OrdersUpdated,
            OrdersUnchanged = counts.OrdersUnchanged,
            RefundsInserted = counts.RefundsInserted,
            RefundsUpdated = counts.RefundsUpdated,
            RefundsUnchanged = counts.RefundsUnchanged,
            RepeatedInFile = planner.Repeats,
            MergedInFile = planner.Continuations,
            CustomersCreated = counts.CustomersCreated,
            ProductsCreated = counts.ProductsCreated,
            GuestOrders = planner.GuestOrders,
            RejectedRows = rejectedRows,
        };
        return (summary, rejects);
    }

    /// <summary>The data is committed by now: a rejects file that cannot be written is a warning, not a failure.</summary>
    private string? WriteRejects(string path, List<RejectedRow> rejects)
    {
        try
        {
            return RejectsFile.Write(path, rejects);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogRejectsNotWritten(ex, path, rejects.Count);
            return null;
        }
    }

    private static IImportWriter CreateWriter(RetainDbContext db, IDbContextTransaction transaction, string source, DateTime now) =>
        (db.Database.GetDbConnection(), transaction.GetDbTransaction()) switch
        {
            (SqliteConnection c, SqliteTransaction t) => new SqliteImportWriter(c, t, source, now),
            (NpgsqlConnection c, NpgsqlTransaction t) => new PostgresImportWriter(c, t, source, now),
            var (c, _) => throw new NotSupportedException($"No import writer for {c.GetType().Name}"),
        };

    /// <summary>The shop's base currency; <paramref name="requested"/> may set it while no orders depend on it.</summary>
    private static async Task<string> ResolveBaseCurrencyAsync(RetainDbContext db, string? requested, CancellationToken cancellationToken)
    {
        var current = await db.GetBaseCurrencyAsync(cancellationToken);
        if (requested is null)
            return current;
        requested = requested.Trim().ToUpperInvariant();
        if (requested == current && await db.GetSettingAsync(ShopSettings.BaseCurrencyKey, cancellationToken) is not null)
            return current;
        if (requested != current && await db.Orders.AnyAsync(cancellationToken))
            throw new InvalidOperationException(
                $"The shop's base currency is {current} and orders are stored in it; it cannot change to {requested} by an import.");
        await db.SetBaseCurrencyAsync(requested, cancellationToken);
        return requested;
    }

    private async Task RecordFailureAsync(ImportSource source, string? sha256, DateTime startedAt, Exception error)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            db.ImportRuns.Add(new ImportRun
            {
                FileName = Path.GetFileName(source.FileName),
                FileSha256 = sha256,
                Preset = source.Preset,
                StartedAt = startedAt,
                FinishedAt = time.GetUtcNow().UtcDateTime,
                Status = ImportStatus.Failed,
                Error = $"{error.GetType().Name}: {error.Message}",
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The database itself may be what failed; the original error is what matters.
            LogFailureNotRecorded(ex);
        }
    }

    private static async Task<string?> ComputeSha256Async(string fileName, CancellationToken cancellationToken)
    {
        if (!File.Exists(fileName))
            return null;
        await using var stream = File.OpenRead(fileName);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {File}: {Inserted} new, {Updated} updated, {Unchanged} unchanged orders, {Rejected} rejected rows in {Seconds:F2} s")]
    private partial void LogImported(string file, int inserted, int updated, int unchanged, int rejected, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import phases: reading and planning {Parsing:F2} s (own thread), writing rows {Writing:F2} s, completing {Completing:F2} s, commit {Commit:F2} s")]
    private partial void LogPhases(double parsing, double writing, double completing, double commit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import of {File} failed and was rolled back")]
    private partial void LogFailed(Exception error, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} rejected rows to {Path}")]
    private partial void LogRejectsNotWritten(Exception error, string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the failed import")]
    private partial void LogFailureNotRecorded(Exception error);
}
