using Microsoft.EntityFrameworkCore;

namespace Retain.Core.Storage;

/// <summary>
/// The queue for this process's SQLite writers. SQLite lets one writer in at a time; without a queue, concurrent
/// writers wait for its lock in the busy handler, which sleeps in growing steps and blocks a thread while it does.
/// Queueing here hands the lock over the moment it is free. Writers in other processes still meet the busy timeout.
/// On PostgreSQL, which takes concurrent writers, entering is free and nothing queues.
/// </summary>
/// <remarks>One instance per process (a DI singleton): a gate per caller would queue nobody.</remarks>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Waits for this process's SQLite write turn; dispose the result to pass it on. Null on PostgreSQL.</summary>
    public async ValueTask<Turn?> EnterAsync(RetainDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
            return null;
        await _writer.WaitAsync(cancellationToken);
        return new Turn(_writer);
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>A held write turn.</summary>
    public sealed class Turn(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                writer.Release();
        }
    }
}
