using System.Collections.Concurrent;
using System.IO.Compression;

namespace Retain.Core.Import.Parsing;

/// <summary>
/// Inflates a gzip stream on a background thread into a few reusable chunks, so decompression and parsing run on two
/// cores. .NET's GZipStream ends quietly on a truncated file, so the inflated length is checked against the gzip
/// trailer (ISIZE) when the caller knows it; a mismatch or corrupt data surfaces as <see cref="ImportFileException"/>
/// from <see cref="Read(byte[], int, int)"/>.
/// </summary>
internal sealed class InflatingStream : Stream
{
    private const int ChunkSize = 1 << 20;
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _filled = new(boundedCapacity: 4);
    private readonly ConcurrentBag<byte[]> _free = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private byte[]? _current;
    private int _currentLength;
    private int _currentPos;
    private Exception? _failure;

    /// <param name="compressed">The gzip bytes; disposed with this stream.</param>
    /// <param name="expectedLengthMod32">ISIZE of the trailer (uncompressed length mod 2^32), or null when unknown.</param>
    /// <param name="name">The file name for messages.</param>
    public InflatingStream(Stream compressed, uint? expectedLengthMod32, string name)
    {
        _producer = Task.Factory.StartNew(
            () => Produce(compressed, expectedLengthMod32, name),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private void Produce(Stream compressed, uint? expected, string name)
    {
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false);
            long total = 0;
            while (!_stop.IsCancellationRequested)
            {
                var chunk = _free.TryTake(out var reused) ? reused : new byte[ChunkSize];
                var filled = 0;
                int n;
                while (filled < chunk.Length && (n = gzip.Read(chunk, filled, chunk.Length - filled)) > 0)
                    filled += n;
                total += filled;
                if (filled == 0)
                    break;
                _filled.Add((chunk, filled), _stop.Token);
            }
            if (!_stop.IsCancellationRequested && expected is { } isize && (uint)total != isize)
            {
                _failure = new ImportFileException(
                    $"{name} is truncated or corrupt: it inflates to {total:N0} bytes but its gzip trailer says {isize:N0} (mod 2^32).");
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (InvalidDataException ex)
        {
            _failure = new ImportFileException($"{name} is not valid gzip data: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            _failure = new ImportFileException($"Could not read {name}: {ex.Message}", ex);
        }
        finally
        {
            _filled.CompleteAdding();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_current is null || _currentPos == _currentLength)
        {
            if (_current is not null)
                _free.Add(_current);
            _current = null;
            if (!_filled.TryTake(out var next, Timeout.Infinite))
            {
                if (_failure is not null)
                    throw _failure;
                return 0;
            }
            (_current, _currentLength, _currentPos) = (next.Buffer, next.Length, 0);
        }
        var n = Math.Min(buffer.Length, _currentLength - _currentPos);
        _current.AsSpan(_currentPos, n).CopyTo(buffer);
        _currentPos += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            while (_filled.TryTake(out _))
            {
            }
            try
            {
                _producer.Wait();
            }
            catch (AggregateException)
            {
            }
            _stop.Dispose();
            _filled.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
