using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Retain.Core.Import.Parsing;

/// <summary>
/// Interns UTF-8 field values (SKUs, names, countries, customer ids repeat on most rows), so a million rows make a few
/// thousand strings instead of millions. Not thread-safe; one per reader.
/// </summary>
internal sealed class StringPool
{
    // Hashes in their own array keep probing inside a few cache lines; 0 marks an empty slot.
    private int[] _hashes = new int[1 << 12];
    private byte[][] _bytes = new byte[1 << 12][];
    private string[] _values = new string[1 << 12];
    private int _count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
            return string.Empty;
        var hash = Hash(utf8) | 0x40000000;
        var hashes = _hashes;
        var mask = hashes.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var h = hashes[i];
            if (h == 0)
            {
                var value = Encoding.UTF8.GetString(utf8);
                hashes[i] = hash;
                _bytes[i] = utf8.ToArray();
                _values[i] = value;
                if (++_count * 2 > hashes.Length)
                    Grow();
                return value;
            }
            if (h == hash && utf8.SequenceEqual(_bytes[i]))
                return _values[i];
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
        var (hashes, bytes, values) = (_hashes, _bytes, _values);
        _hashes = new int[hashes.Length * 2];
        _bytes = new byte[hashes.Length * 2][];
        _values = new string[hashes.Length * 2];
        var mask = _hashes.Length - 1;
        for (var j = 0; j < hashes.Length; j++)
        {
            if (hashes[j] == 0)
                continue;
            var i = hashes[j] & mask;
            while (_hashes[i] != 0)
                i = (i + 1) & mask;
            (_hashes[i], _bytes[i], _values[i]) = (hashes[j], bytes[j], values[j]);
        }
    }
}
