using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>
/// The string members of an <c>enum</c>, laid out for the per-value lookup: members of up to 8 bytes as one
/// 64-bit word with their length, longer ones as bytes. Asked for every string a listed property holds, so a short
/// value costs a few word compares instead of a call and a byte compare per member.
/// </summary>
/// <remarks>
/// The word is the value's bytes zero-padded, so two values of different lengths may share a word (<c>"a"</c> and
/// <c>"a\u0000"</c>); the length compare keeps them apart. Non-string members never match a string and are left out.
/// </remarks>
internal sealed class StringEnumTable
{
    private const int WordBytes = sizeof(ulong);

    private readonly ulong[] _shortWords;
    private readonly int[] _shortLengths;
    private readonly byte[][] _long;

    private StringEnumTable(ulong[] shortWords, int[] shortLengths, byte[][] longValues)
    {
        _shortWords = shortWords;
        _shortLengths = shortLengths;
        _long = longValues;
    }

    public static StringEnumTable From(IEnumerable<ConstValue> members)
    {
        var words = new List<ulong>();
        var lengths = new List<int>();
        var longValues = new List<byte[]>();
        foreach (ConstValue member in members)
        {
            if (member.Kind != JsonValueKind.String)
            {
                continue;
            }

            if (member.Utf8.Length <= WordBytes)
            {
                words.Add(Word(member.Utf8));
                lengths.Add(member.Utf8.Length);
            }
            else
            {
                longValues.Add(member.Utf8);
            }
        }

        return new StringEnumTable(words.ToArray(), lengths.ToArray(), longValues.ToArray());
    }

    public bool Contains(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= WordBytes)
        {
            ulong word = Word(utf8);
            int[] lengths = _shortLengths;
            ulong[] words = _shortWords;
            for (int i = 0; i < words.Length && i < lengths.Length; i++)
            {
                if (words[i] == word && lengths[i] == utf8.Length)
                {
                    return true;
                }
            }

            return false;
        }

        foreach (byte[] value in _long)
        {
            if (utf8.SequenceEqual(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Up to 8 bytes as a little-endian word, zero-padded; read as two overlapping halves, not byte by byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Word(ReadOnlySpan<byte> utf8)
    {
        int length = utf8.Length;
        if (length >= 4)
        {
            // Bytes 0..3 and length-4..length-1; where they overlap both hold the same bytes at the same places.
            ulong low = BinaryPrimitives.ReadUInt32LittleEndian(utf8);
            ulong high = BinaryPrimitives.ReadUInt32LittleEndian(utf8[(length - 4)..]);
            return low | (high << (8 * (length - 4)));
        }

        ulong word = 0;
        for (int i = 0; i < length; i++)
        {
            word |= (ulong)utf8[i] << (8 * i);
        }

        return word;
    }
}
