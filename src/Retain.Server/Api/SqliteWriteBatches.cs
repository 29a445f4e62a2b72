using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Server.Api;

/// <summary>
/// Group commit for the API's SQLite writes. SQLite has one writer, so write requests queue anyway; instead of a
/// transaction each, the requests that queued while a batch ran share the next transaction. Each still runs alone,
/// in its turn, on the batch's <see cref="RetainDbContext"/> (bound to the batch's connection and transaction, its
/// change tracker emptied for each request) and inside its own SAVEPOINT: a request that fails rolls back to its savepoint, so it writes nothing
/// and the others are untouched. The batch commits once; only then are the requests answered — the failed ones too,
/// because a request's answer may rest on what an earlier request of the batch wrote, and that is only true once it
/// is committed. If the commit fails, every request of the batch fails.
/// </summary>
/// <remarks>
/// No thread waits idle for a batch to fill: a batch is whatever queued meanwhile. The runner that drives the batches
/// starts with the first write and stops when the queue is empty. It takes the process's <see cref="SqliteWriteGate"/>
/// for each batch, so the loyalty ledger's exclusive turns still alternate with the batches. One instance per process.
/// </remarks>
public sealed partial class SqliteWriteBatches(
    IDbContextFactory<RetainDbContext> contexts, SqliteWriteGate gate, ProductIds productIds, ILogger<SqliteWriteBatches> logger)
{
    /// <summary>Bounds the wait of a batch's first request for the commit.</summary>
    internal const int MaxBatch = 64;

    /// <summary>Options for the requests' contexts: no connection of their own, each gets its batch's.</summary>
    private readonly DbContextOptions<RetainDbContext> _stepOptions = new DbContextOptionsBuilder<RetainDbContext>().UseSqlite().Options;
    private readonly Lock _lock = new();
    private readonly Queue<Slot> _queue = new();
    private bool _running;

    /// <summary>How many batches have committed (for the tests and the benchmark).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    private long _batches;

    /// <summary>How many requests wait for a batch to take them.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
                return _queue.Count;
        }
    }

    /// <summary>
    /// Runs <paramref name="step"/> in its turn of a batch, on the batch's context with an empty change tracker.
    /// The step says whether to keep what it wrote; either way its result comes back after the batch commits. A step
    /// that throws writes nothing, and its exception comes back at once.
    /// </summary>
    public async Task<(T Result, bool Keep)> RunAsync<T>(Func<RetainDbContext, Task<(T Result, bool Keep)>> step, CancellationToken cancellationToken)
    {
        var slot = new Slot();
        Enqueue(slot);
        Batch batch;
        using (cancellationToken.Register(slot.Abandon))
            batch = await slot.Turn.Task;

        (T Result, bool Keep) outcome;
        var answered = false;
        var savepoint = $"request{slot.Number}";
        try
        {
            // The batch's context, its change tracker emptied: what an earlier request tracked is not this one's.
            var db = batch.Context;
            db.ChangeTracker.Clear();
            await batch.Transaction.SaveAsync(savepoint, cancellationToken);
            try
            {
                outcome = await step(db);
            }
            catch
            {
                await RollBackAsync(batch, savepoint);
                throw;
            }
            if (outcome.Keep)
                await batch.Transaction.ReleaseAsync(savepoint, CancellationToken.None);
            else
                await RollBackAsync(batch, savepoint);
            answered = true;
        }
        finally
        {
            slot.StepEnded.SetResult(answered); // the batch waits for this, whatever happened
        }
        await batch.Committed.Task;
        return outcome;
    }

    private async Task RollBackAsync(Batch batch, string savepoint)
    {
        await batch.Transaction.RollbackAsync(savepoint, CancellationToken.None);
        // Product ids this request saw may be gone with it; the ones of earlier requests are only looked up again.
        productIds.Discard(batch.Context);
    }

    private void Enqueue(Slot slot)
    {
        lock (_lock)
        {
            _queue.Enqueue(slot);
            if (_running)
                return;
            _running = true;
        }
        _ = Task.Run(RunBatchesAsync);
    }

    private Slot? Next()
    {
        lock (_lock)
        {
            while (_queue.TryDequeue(out var slot))
                if (slot.TryTake())
                    return slot;
            return null;
        }
    }

    private bool StopIfIdle()
    {
        lock (_lock)
        {
            if (_queue.Count > 0)
                return false;
            _running = false;
            return true;
        }
    }

    private async Task RunBatchesAsync()
    {
        do
        {
            var first = Next();
            if (first is null)
                continue;
            try
            {
                await RunBatchAsync(first);
            }
            catch (Exception ex)
            {
                // The batch could not start or commit: its requests have their answer (the exception); go on with the next.
                LogBatchFailed(ex);
            }
        }
        while (!StopIfIdle());
    }

    private async Task RunBatchAsync(Slot first)
    {
        var batch = new Batch();
        var members = 0;
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            using var turn = await gate.EnterAsync(db, CancellationToken.None);
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            batch.Transaction = transaction.GetDbTransaction();
            // One context for the batch's requests, bound to its connection and transaction, rather than the requests'
            // own pooled ones: EF will not move a context that has used a connection onto another. A context per
            // request cost ~7% of the CPU samples (creating its services); each request still gets an empty tracker.
            await using var stepDb = new RetainDbContext(_stepOptions);
            stepDb.Database.SetDbConnection(db.Database.GetDbConnection(), contextOwnsConnection: false);
            // A request's own savepoint undoes a failed SaveChanges; EF's savepoint around each one would be extra work.
            stepDb.Database.AutoSavepointsEnabled = false;
            await stepDb.Database.UseTransactionAsync(batch.Transaction);
            batch.Context = stepDb;
            for (var slot = first; slot is not null; slot = members < MaxBatch ? Next() : null)
            {
                slot.Turn.SetResult(batch);
                members++;
                await slot.StepEnded.Task;
            }
            await transaction.CommitAsync();
            productIds.Committed(stepDb);
            Interlocked.Increment(ref _batches);
            batch.Committed.SetResult();
        }
        catch (Exception ex)
        {
            if (members == 0)
                first.Turn.TrySetException(ex);
            batch.Committed.TrySetException(ex);
            throw;
        }
    }

    /// <summary>The shared connection and transaction of one batch, and its commit.</summary>
    private sealed class Batch
    {
        public RetainDbContext Context { get; set; } = null!;

        public DbTransaction Transaction { get; set; } = null!;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One request's place in the queue.</summary>
    private sealed class Slot
    {
        private static long _numbers;
        private int _state; // 0 queued, 1 taken by a batch, 2 abandoned by its request

        public long Number { get; } = Interlocked.Increment(ref _numbers);

        public TaskCompletionSource<Batch> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set when the request's step is over; true when it was answered (kept or rolled back), false when it threw.</summary>
        public TaskCompletionSource<bool> StepEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        /// <summary>The request was cancelled while it queued: a batch will skip it.</summary>
        public void Abandon()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
                Turn.TrySetCanceled();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of API writes failed to start or commit; its requests were answered with the error")]
    private partial void LogBatchFailed(Exception exception);
}
