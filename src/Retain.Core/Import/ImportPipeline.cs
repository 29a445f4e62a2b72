using System.Collections.Concurrent;
using System.Diagnostics;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Import;

/// <summary>
/// Reading, parsing and planning a file run on their own thread while the caller's thread writes to the database:
/// on a large file each side takes a few seconds, so with two cores the import takes about as long as the slower of
/// the two instead of their sum. Batches of prepared orders go through a small bounded queue (memory stays flat);
/// a failure on either side stops the other and is rethrown, so the import's transaction rolls back as before.
/// </summary>
internal static class ImportPipeline
{
    private const int BatchSize = 512;
    private const int QueuedBatches = 16;
    /// <summary>Batches also end at every multiple of this many orders read, so progress reports fall on round numbers.</summary>
    private const int ProgressEvery = 2_000;

    public static async Task<ImportPhaseTimes> RunAsync(IEnumerable<ImportedOrder> orders, ImportPlanner planner, IImportWriter writer,
        Action<long, long>? onBatchWritten, CancellationToken cancellationToken)
    {
        using var queue = new BlockingCollection<ImportBatch>(QueuedBatches);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Factory.StartNew(() => Produce(orders, planner, queue, stop.Token), stop.Token,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var writing = Stopwatch.StartNew();
        var waiting = TimeSpan.Zero;
        try
        {
            var waited = Stopwatch.StartNew();
            foreach (var batch in queue.GetConsumingEnumerable(stop.Token))
            {
                waiting += waited.Elapsed;
                foreach (var order in batch.Orders)
                    writer.Write(order);
                await writer.BatchWrittenAsync(stop.Token);
                onBatchWritten?.Invoke(batch.OrdersRead, batch.LinesRead);
                waited.Restart();
            }
            waiting += waited.Elapsed;
        }
        catch (Exception) when (!producer.IsCompleted)
        {
            // The writer failed (or the import was cancelled): release the parser if it is blocked on a full queue.
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
            }
            throw;
        }
        // The parser's own failure (a malformed or truncated file) surfaces here, after the queue was drained.
        var parsing = await producer;
        return new ImportPhaseTimes(parsing, writing.Elapsed - waiting);
    }

    private static TimeSpan Produce(IEnumerable<ImportedOrder> orders, ImportPlanner planner, BlockingCollection<ImportBatch> queue,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var batch = new List<PreparedOrder>(BatchSize);
            foreach (var order in orders)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (planner.Prepare(order) is { } prepared)
                    batch.Add(prepared);
                if (batch.Count < BatchSize && planner.OrdersRead % ProgressEvery != 0)
                    continue;
                // The counters travel with the batch: the writer's thread reports them without reading the planner's.
                queue.Add(new ImportBatch(batch, planner.OrdersRead, planner.LinesRead), cancellationToken);
                batch = new List<PreparedOrder>(BatchSize);
            }
            queue.Add(new ImportBatch(batch, planner.OrdersRead, planner.LinesRead), cancellationToken);
            return clock.Elapsed;
        }
        finally
        {
            queue.CompleteAdding();
        }
    }
}

internal sealed record ImportBatch(List<PreparedOrder> Orders, long OrdersRead, long LinesRead);

/// <summary>Where an import's time went: reading+parsing+planning (own thread) and writing the rows (busy time only).</summary>
internal readonly record struct ImportPhaseTimes(TimeSpan Parsing, TimeSpan Writing);
