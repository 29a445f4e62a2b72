using System.Runtime.InteropServices;

namespace Retain.Core.Import;

/// <summary>
/// The few SQLite C functions the import's hot path calls, declared on plain pointers. SQLitePCL wraps every call in
/// SafeHandle reference counting and a marshalling stub; for a million lines × ten calls that was a measurable share
/// of the writer thread. These bind to the same <c>e_sqlite3</c> library SQLitePCL loaded (the bundle Microsoft.Data.Sqlite
/// ships), so the connection and statement pointers are shared with it; <see cref="IsAvailable"/> guards that.
/// </summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";
    public const int Ok = 0, Row = 100, Done = 101, Null = 5;
    /// <summary>SQLITE_TRANSIENT: SQLite copies the bytes before the call returns (the managed array may move).</summary>
    public static readonly IntPtr Transient = new(-1);

    /// <summary>True when SQLitePCL runs on the e_sqlite3 library these declarations name.</summary>
    public static bool IsAvailable { get; } = SQLitePCL.raw.GetNativeLibraryName() == Library;

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_prepare_v2(IntPtr db, byte[] sql, int length, out IntPtr statement, IntPtr tail);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_finalize(IntPtr statement);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_bind_null(IntPtr statement, int index);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_bind_text(IntPtr statement, int index, ref byte text, int length, IntPtr destructor);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_step(IntPtr statement);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_reset(IntPtr statement);

    [DllImport(Library, ExactSpelling = true)]
    public static extern long sqlite3_last_insert_rowid(IntPtr db);

    [DllImport(Library, ExactSpelling = true)]
    public static extern long sqlite3_column_int64(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_column_type(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    public static extern IntPtr sqlite3_column_text(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_column_bytes(IntPtr statement, int column);
}
