using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using static Retain.Core.Import.SqliteNative;

namespace Retain.Core.Import;

/// <summary>
/// A statement prepared once on the connection's native handle and run with SQLite's own calls (<see cref="SqliteNative"/>):
/// for the import's per-row statements this costs a fraction of <see cref="SqliteCommand"/>, whose per-call parameter
/// inference, boxing and data reader dominate once the statement is prepared. Parameters are positional (<c>?1</c>,
/// <c>?2</c>, …). It runs in whatever transaction the connection is in, and must be disposed before the connection closes.
/// </summary>
internal sealed class SqliteRawStatement : IDisposable
{
    private const int MaxCachedStrings = 100_000;
    private static readonly byte[] Empty = [0];
    private readonly SqliteConnection _connection;
    private readonly IntPtr _db;
    private IntPtr _statement;
    // SKUs, names and currencies repeat on almost every row and the parser pools them (one string instance per
    // distinct value), so their UTF-8 bytes are encoded once and found again by reference, without hashing the text.
    private readonly Dictionary<string, byte[]> _utf8 = new(ReferenceEqualityComparer.Instance);
    private byte[] _scratch = new byte[256];

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        if (!IsAvailable)
            throw new NotSupportedException($"The SQLite import needs the e_sqlite3 library; SQLitePCL runs on {raw.GetNativeLibraryName()}.");
        _connection = connection;
        _db = connection.Handle!.DangerousGetHandle();
        var text = Encoding.UTF8.GetBytes(sql);
        Check(sqlite3_prepare_v2(_db, text, text.Length, out _statement, IntPtr.Zero));
    }

    public void Bind(int index, long value) => Check(sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, long? value) =>
        Check(value is { } v ? sqlite3_bind_int64(_statement, index, v) : sqlite3_bind_null(_statement, index));

    /// <summary>Binds text that recurs from row to row (its bytes are kept).</summary>
    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            Check(sqlite3_bind_null(_statement, index));
            return;
        }
        if (!_utf8.TryGetValue(value, out var bytes))
        {
            bytes = Encoding.UTF8.GetBytes(value);
            if (_utf8.Count < MaxCachedStrings)
                _utf8[value] = bytes;
        }
        BindUtf8(index, bytes, bytes.Length);
    }

    /// <summary>Binds text unique to this row (an id, a hash, a timestamp): encoded into a reused buffer, not kept.</summary>
    public void BindOnce(int index, string value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_scratch.Length < length)
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        BindUtf8(index, _scratch, Encoding.UTF8.GetBytes(value, _scratch));
    }

    // An empty text must not become NULL: SQLite binds NULL for a null pointer, so zero bytes still point somewhere.
    private void BindUtf8(int index, byte[] bytes, int length) =>
        Check(sqlite3_bind_text(_statement, index, ref MemoryMarshal.GetArrayDataReference(length == 0 ? Empty : bytes), length, Transient));

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Execute()
    {
        var rc = sqlite3_step(_statement);
        _ = sqlite3_reset(_statement); // repeats the step's error code, already checked
        if (rc != Done)
            Check(rc);
    }

    /// <summary>Runs an INSERT and returns the new row's id.</summary>
    public long Insert()
    {
        Execute();
        return sqlite3_last_insert_rowid(_db);
    }

    /// <summary>Steps to the next row; false when there is none (call <see cref="Reset"/> after reading).</summary>
    public bool Read()
    {
        var rc = sqlite3_step(_statement);
        if (rc == Row)
            return true;
        if (rc != Done)
        {
            _ = sqlite3_reset(_statement); // repeats the step's error code, already checked
            Check(rc);
        }
        return false;
    }

    public void Reset() => _ = sqlite3_reset(_statement);

    public long GetInt64(int column) => sqlite3_column_int64(_statement, column);

    public string? GetStringOrNull(int column)
    {
        if (sqlite3_column_type(_statement, column) == Null)
            return null;
        var text = sqlite3_column_text(_statement, column);
        return Marshal.PtrToStringUTF8(text, sqlite3_column_bytes(_statement, column));
    }

    private void Check(int rc)
    {
        if (rc is not (Ok or Done or Row))
            throw new SqliteException($"SQLite Error {rc}: {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}", rc);
    }

    public void Dispose()
    {
        if (_statement == IntPtr.Zero)
            return;
        _ = sqlite3_finalize(_statement);
        _statement = IntPtr.Zero;
    }
}
