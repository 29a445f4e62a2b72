using System.Runtime.CompilerServices;
using System.Text;

namespace Retain.Core.Import.Parsing;

/// <summary>
/// RFC 4180 records straight from UTF-8 bytes: fields are spans into one buffer, so reading a row allocates nothing.
/// A malformed record (text after a closing quote, an unterminated quote, a record over the size limit) is reported
/// through <see cref="Error"/> and covers only its first physical line; reading resumes on the next line.
/// </summary>
internal sealed class CsvByteReader(Stream stream, byte delimiter, int maxRecordBytes)
{
    private byte[] _buf = new byte[1 << 20];
    private int _pos;
    private int _end;
    private bool _eof;
    private bool _started;
    private long _nextLine = 1;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private byte[] _scratch = new byte[256];
    private int _recStart;
    private int _recEnd;

    public int FieldCount { get; private set; }
    /// <summary>1-based physical line on which the current record starts.</summary>
    public long LineNumber { get; private set; }
    /// <summary>Physical lines consumed so far.</summary>
    public long LinesRead => _nextLine - 1;
    public string? Error { get; private set; }

    /// <summary>The record's text as it is in the file (first line only for a malformed record), at most 1000 chars.</summary>
    public string RawText()
    {
        var raw = _buf.AsSpan(_recStart, _recEnd - _recStart);
        if (raw.Length > 0 && raw[^1] == (byte)'\r')
            raw = raw[..^1];
        var text = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 4000)]);
        return text.Length > 1000 ? text[..1000] + "…" : text;
    }

    /// <summary>The record's bytes as they are in the file, without the line terminator.</summary>
    public ReadOnlySpan<byte> RawBytes => _buf.AsSpan(_recStart, _recEnd - _recStart);

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)FieldCount)
                return default;
            var start = _starts[index];
            return start >= 0 ? _buf.AsSpan(start, _lengths[index]) : _scratch.AsSpan(~start, _lengths[index]);
        }
    }

    /// <summary>Moves to the next record; false at the end of the stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        if (!_started)
        {
            _started = true;
            Fill();
            if (_end - _pos >= 3 && _buf[_pos] == 0xEF && _buf[_pos + 1] == 0xBB && _buf[_pos + 2] == 0xBF)
                _pos += 3;
        }
        while (true)
        {
            if (_pos >= _end)
            {
                if (_eof)
                    return false;
                Fill();
                continue;
            }
            var result = TryParse(out var newlines);
            if (result == Parse.Ok)
            {
                LineNumber = _nextLine;
                _nextLine += newlines;
                return true;
            }
            if (result == Parse.NeedMore)
            {
                if (!MakeRoom())
                {
                    Reject($"record longer than {maxRecordBytes:N0} bytes (an unterminated quote?)");
                    return true;
                }
                Fill();
                continue;
            }
            Reject(_pendingError!);
            return true;
        }
    }

    private enum Parse { Ok, NeedMore, Malformed }

    private string? _pendingError;

    /// <summary>Reports a malformed record covering its first physical line and resumes after it.</summary>
    private void Reject(string error)
    {
        var rest = _buf.AsSpan(_pos, _end - _pos);
        var nl = rest.IndexOf((byte)'\n');
        _recStart = _pos;
        _recEnd = nl < 0 ? _end : _pos + nl;
        _pos = nl < 0 ? _end : _pos + nl + 1;
        Error = error;
        FieldCount = 0;
        LineNumber = _nextLine;
        _nextLine++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Parse TryParse(out int newlines)
    {
        var buf = _buf;
        var end = _end;
        var p = _pos;
        var count = 0;
        var scratchLen = 0;
        newlines = 1;
        Error = null;
        while (true)
        {
            if (count == _starts.Length)
            {
                Array.Resize(ref _starts, count * 2);
                Array.Resize(ref _lengths, count * 2);
            }
            if (p < end && buf[p] == (byte)'"')
            {
                var q = p + 1;
                var escaped = false;
                int close;
                while (true)
                {
                    var idx = buf.AsSpan(q, end - q).IndexOf((byte)'"');
                    if (idx < 0)
                    {
                        if (!_eof)
                            return Parse.NeedMore;
                        _pendingError = "unterminated quoted field";
                        return Parse.Malformed;
                    }
                    var at = q + idx;
                    if (at + 1 >= end && !_eof)
                        return Parse.NeedMore;
                    if (at + 1 < end && buf[at + 1] == (byte)'"')
                    {
                        escaped = true;
                        q = at + 2;
                        continue;
                    }
                    close = at;
                    break;
                }
                var content = buf.AsSpan(p + 1, close - p - 1);
                newlines += content.Count((byte)'\n');
                if (escaped)
                {
                    if (_scratch.Length < scratchLen + content.Length)
                        Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, scratchLen + content.Length));
                    var n = Unescape(content, _scratch.AsSpan(scratchLen));
                    _starts[count] = ~scratchLen;
                    _lengths[count] = n;
                    scratchLen += n;
                }
                else
                {
                    _starts[count] = p + 1;
                    _lengths[count] = content.Length;
                }
                count++;
                var after = close + 1;
                if (after >= end)
                    return Finish(count, end, end);
                var c = buf[after];
                if (c == delimiter)
                {
                    p = after + 1;
                    continue;
                }
                if (c == (byte)'\n')
                    return Finish(count, after, after + 1);
                if (c == (byte)'\r')
                {
                    if (after + 1 >= end && !_eof)
                        return Parse.NeedMore;
                    if (after + 1 >= end || buf[after + 1] == (byte)'\n')
                        return Finish(count, after, Math.Min(after + 2, end));
                }
                _pendingError = "unexpected text after a closing quote";
                return Parse.Malformed;
            }
            var span = buf.AsSpan(p, end - p);
            var stop = span.IndexOfAny(delimiter, (byte)'\n');
            if (stop < 0)
            {
                if (!_eof)
                    return Parse.NeedMore;
                _starts[count] = p;
                _lengths[count] = TrimCr(span);
                count++;
                return Finish(count, end, end);
            }
            _starts[count] = p;
            if (span[stop] == delimiter)
            {
                _lengths[count] = stop;
                count++;
                p += stop + 1;
                continue;
            }
            _lengths[count] = TrimCr(span[..stop]);
            count++;
            return Finish(count, p + stop, p + stop + 1);
        }
    }

    private Parse Finish(int count, int recordEnd, int next)
    {
        FieldCount = count;
        _recStart = _pos;
        _recEnd = recordEnd;
        _pos = next;
        return Parse.Ok;
    }

    private static int TrimCr(ReadOnlySpan<byte> field) =>
        field.Length > 0 && field[^1] == (byte)'\r' ? field.Length - 1 : field.Length;

    private static int Unescape(ReadOnlySpan<byte> content, Span<byte> target)
    {
        var n = 0;
        for (var i = 0; i < content.Length; i++)
        {
            target[n++] = content[i];
            if (content[i] == (byte)'"')
                i++;
        }
        return n;
    }

    /// <summary>Moves the unread tail to the front, growing the buffer when a record fills it; false past the limit.</summary>
    private bool MakeRoom()
    {
        if (_eof)
            return true;
        var unread = _end - _pos;
        if (_pos == 0)
        {
            if (_buf.Length >= maxRecordBytes)
                return false;
            Array.Resize(ref _buf, Math.Min(_buf.Length * 2, Math.Max(maxRecordBytes, _buf.Length)));
            return true;
        }
        Buffer.BlockCopy(_buf, _pos, _buf, 0, unread);
        _pos = 0;
        _end = unread;
        return true;
    }

    private void Fill()
    {
        if (_pos > 0 && _pos == _end)
        {
            _pos = 0;
            _end = 0;
        }
        while (_end < _buf.Length)
        {
            var n = stream.Read(_buf, _end, _buf.Length - _end);
            if (n == 0)
            {
                _eof = true;
                return;
            }
            _end += n;
        }
    }
}
