using System.Runtime.InteropServices;
using System.Text;

namespace Retain.Core.Import.Parsing;

/// <summary>
/// Interns UTF-8 field values (SKUs, names, countries, customer ids repeat on most rows), so a million rows make a few
/// thousand strings instead of millions. Not thread-safe; one per reader.
/// </summary>
internal sealed class StringPool
{
    private Entry[] _entries = new Entry[1 << 12];
    private int _count;

    private readonly record struct Entry(int Hash, byte[] Bytes, string Value);

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
            return string.Empty;
        var hash = Hash(utf8);
        var mask = _entries.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            ref var e = ref _entries[i];
            if (e.Bytes is null)
            {
                var value = Encoding.UTF8.GetString(utf8);
                e = new Entry(hash, utf8.ToArray(), value);
                if (++_count * 2 > _entries.Length)
                    Grow();
                return value;
            }
            if (e.Hash == hash && utf8.SequenceEqual(e.Bytes))
                return e.Value;
        }
    }

    private static int Hash(ReadOnlySpan<byte> s)
    {
        ulong h = 14695981039346656037UL ^ (ulong)s.Length;
        while (s.Length >= 8)
        {
            h = (h ^ MemoryMarshal.Read<ulong>(s)) * 0x9E3779B97F4A7C15UL;
            h ^= h >> 29;
            s = s[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < s.Length; i++)
            tail |= (ulong)s[i] << (8 * i);
        h = (h ^ tail) * 0x9E3779B97F4A7C15UL;
        h ^= h >> 32;
        return (int)h & int.MaxValue;
    }

    /// <summary>A 64-bit hash of arbitrary bytes (row identity for repeated-order detection).</summary>
    public static ulong Hash64(ReadOnlySpan<byte> s)
    {
        ulong h = 0xCBF29CE484222325UL ^ (ulong)s.Length;
        while (s.Length >= 8)
        {
            h = (h ^ MemoryMarshal.Read<ulong>(s)) * 0x100000001B3UL;
            h = (h << 31) | (h >> 33);
            s = s[8..];
        }
        foreach (var b in s)
            h = (h ^ b) * 0x100000001B3UL;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return h;
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        var mask = _entries.Length - 1;
        foreach (var e in old)
        {
            if (e.Bytes is null)
                continue;
            var i = e.Hash & mask;
            while (_entries[i].Bytes is not null)
                i = (i + 1) & mask;
            _entries[i] = e;
        }
    }
}
