using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>What is wrong with a record's JSON text; <see cref="JsonSyntax.Describe"/> words it.</summary>
internal enum JsonSyntaxError
{
    None,
    UnexpectedEnd,
    ControlCharacter,
    InvalidEscape,
    InvalidNumber,
    InvalidLiteral,
}

/// <summary>
/// Byte-level scanners for the strict RFC 8259 grammar that <see cref="System.Text.Json.Utf8JsonReader"/>
/// accepts by default (no comments, no trailing commas, whitespace = space/tab/CR/LF). Each scanner starts at
/// <c>pos</c> and moves it past the token, or to the offending byte when it returns an error. The input is
/// already known to be valid UTF-8, so bytes of 0x80 and up only ever need passing through.
/// </summary>
internal static class JsonSyntax
{
    public static string Describe(JsonSyntaxError error) => error switch
    {
        JsonSyntaxError.UnexpectedEnd => "unexpected end of record",
        JsonSyntaxError.ControlCharacter => "control character in string",
        JsonSyntaxError.InvalidEscape => "invalid escape",
        JsonSyntaxError.InvalidNumber => "invalid number",
        JsonSyntaxError.InvalidLiteral => "invalid literal, expected true, false or null",
        _ => "invalid JSON",
    };

    // Inlined by hand: small and called per value; without dynamic PGO (docs/performance.md) the JIT left it a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>Records are usually compact, so the common case is one compare that finds no whitespace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipWhitespace(ReadOnlySpan<byte> data, int pos) =>
        (uint)pos < (uint)data.Length && data[pos] <= (byte)' ' ? SkipWhitespaceRun(data, pos) : pos;

    private static int SkipWhitespaceRun(ReadOnlySpan<byte> data, int pos)
    {
        while (pos < data.Length && IsWhitespace(data[pos]))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>
    /// Scans a string whose opening quote is at <paramref name="pos"/>; on success <paramref name="pos"/> is just
    /// past the closing quote. <paramref name="escaped"/> tells whether the content must be unescaped to get its text.
    /// </summary>
    public static JsonSyntaxError ScanString(ReadOnlySpan<byte> data, ref int pos, out bool escaped)
    {
        escaped = false;
        int i = pos + 1;
        while (true)
        {
            i = FindStringStop(data, i);
            if (i == data.Length)
            {
                pos = data.Length;
                return JsonSyntaxError.UnexpectedEnd;
            }

            byte stop = data[i];
            if (stop == (byte)'"')
            {
                pos = i + 1;
                return JsonSyntaxError.None;
            }

            if (stop != (byte)'\\')
            {
                pos = i;
                return JsonSyntaxError.ControlCharacter;
            }

            escaped = true;
            JsonSyntaxError error = ScanEscape(data, ref i);
            if (error != JsonSyntaxError.None)
            {
                pos = i;
                return error;
            }
        }
    }

    /// <summary>
    /// Just past the closing quote of the string whose opening quote is at <paramref name="pos"/> when it holds no
    /// escape and no control character (nearly every string in a record), or -1 when <see cref="ScanString"/> must
    /// look at it. Inlined and by value on purpose: a walker that passes its position to <see cref="ScanString"/> by
    /// reference makes the JIT keep that position in memory for the whole method, a store and a reload at every step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PlainStringEnd(ReadOnlySpan<byte> data, int pos)
    {
        int stop = FindStringStop(data, pos + 1);
        return (uint)stop < (uint)data.Length && data[stop] == (byte)'"' ? stop + 1 : -1;
    }

    /// <summary>
    /// The index of the first closing quote, backslash or control character at or after <paramref name="i"/>, or
    /// the length when there is none. Record strings are mostly short, so a 16-byte vector compare done inline
    /// beats calling a general search; the last few bytes of a record go one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindStringStop(ReadOnlySpan<byte> data, int i)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte start = ref MemoryMarshal.GetReference(data);
            Vector128<byte> quote = Vector128.Create((byte)'"');
            Vector128<byte> backslash = Vector128.Create((byte)'\\');
            Vector128<byte> space = Vector128.Create((byte)' ');
            for (; i <= data.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                Vector128<byte> block = Vector128.LoadUnsafe(ref start, (nuint)i);
                Vector128<byte> stops = Vector128.Equals(block, quote) | Vector128.Equals(block, backslash) | Vector128.LessThan(block, space);
                uint mask = stops.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + BitOperations.TrailingZeroCount(mask);
                }
            }
        }

        for (; i < data.Length; i++)
        {
            if (data[i] is (byte)'"' or (byte)'\\' or < (byte)' ')
            {
                return i;
            }
        }

        return data.Length;
    }

    /// <summary>Checks the escape whose backslash is at <paramref name="i"/> and moves past it.</summary>
    private static JsonSyntaxError ScanEscape(ReadOnlySpan<byte> data, ref int i)
    {
        if (i + 1 >= data.Length)
        {
            i = data.Length;
            return JsonSyntaxError.UnexpectedEnd;
        }

        switch (data[i + 1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                i += 2;
                return JsonSyntaxError.None;
            case (byte)'u':
                // Surrogates are not paired up here: like Utf8JsonReader, a lone \uD800 is well-formed syntax and
                // only fails when the text is needed (see Unescape).
                for (int h = i + 2; h < i + 6; h++)
                {
                    if (h >= data.Length)
                    {
                        i = data.Length;
                        return JsonSyntaxError.UnexpectedEnd;
                    }

                    if (HexValue(data[h]) < 0)
                    {
                        i = h;
                        return JsonSyntaxError.InvalidEscape;
                    }
                }

                i += 6;
                return JsonSyntaxError.None;
            default:
                i++;
                return JsonSyntaxError.InvalidEscape;
        }
    }

    /// <summary>
    /// Scans <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c> at <paramref name="pos"/>. Like Utf8JsonReader,
    /// the byte after the number must be one that can end it (whitespace, <c>, ] }</c>, the end, or <c>/</c>, which
    /// the reader lets through for comments and then rejects), so <c>1x</c> is a bad number rather than a number
    /// followed by junk, and is reported before the number is validated.
    /// </summary>
    public static JsonSyntaxError ScanNumber(ReadOnlySpan<byte> data, ref int pos)
    {
        int i = pos;
        if (data[i] == (byte)'-')
        {
            i++;
        }

        if (i >= data.Length)
        {
            pos = i;
            return JsonSyntaxError.UnexpectedEnd;
        }

        if (data[i] == (byte)'0')
        {
            i++;
        }
        else if (IsDigit(data[i]))
        {
            i = SkipDigits(data, i + 1);
        }
        else
        {
            pos = i;
            return JsonSyntaxError.InvalidNumber;
        }

        if (i < data.Length && data[i] == (byte)'.')
        {
            if (!TrySkipRequiredDigits(data, ref i, i + 1))
            {
                pos = i;
                return i < data.Length ? JsonSyntaxError.InvalidNumber : JsonSyntaxError.UnexpectedEnd;
            }
        }

        if (i < data.Length && (data[i] | 0x20) == (byte)'e')
        {
            int digits = i + 1;
            if (digits < data.Length && data[digits] is (byte)'+' or (byte)'-')
            {
                digits++;
            }

            if (!TrySkipRequiredDigits(data, ref i, digits))
            {
                pos = i;
                return i < data.Length ? JsonSyntaxError.InvalidNumber : JsonSyntaxError.UnexpectedEnd;
            }
        }

        pos = i;
        return i == data.Length || IsWhitespace(data[i]) || data[i] is (byte)',' or (byte)']' or (byte)'}' or (byte)'/'
            ? JsonSyntaxError.None
            : JsonSyntaxError.InvalidNumber;
    }

    /// <summary>
    /// The end of the well-formed number at <paramref name="pos"/> when more of the record follows it (as it must inside
    /// a container), or -1 when <see cref="ScanNumber"/> would report an error or the record ends there. By value, for
    /// the reason <see cref="PlainStringEnd"/> gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NumberEndBeforeMore(ReadOnlySpan<byte> data, int pos)
    {
        int end = pos;
        return ScanNumber(data, ref end) == JsonSyntaxError.None && end < data.Length ? end : -1;
    }

    /// <summary>Scans <paramref name="literal"/> (true, false or null) at <paramref name="pos"/>.</summary>
    public static JsonSyntaxError ScanLiteral(ReadOnlySpan<byte> data, ref int pos, ReadOnlySpan<byte> literal)
    {
        ReadOnlySpan<byte> rest = data[pos..];
        if (rest.StartsWith(literal))
        {
            pos += literal.Length;
            return JsonSyntaxError.None;
        }

        int same = rest.CommonPrefixLength(literal);
        pos += same;
        return same == rest.Length ? JsonSyntaxError.UnexpectedEnd : JsonSyntaxError.InvalidLiteral;
    }

    /// <summary>
    /// Unescapes string content already accepted by <see cref="ScanString"/> into <paramref name="destination"/>
    /// (never longer than the content). Returns the length, or -1 when a <c>\u</c> escape is a lone or misordered
    /// surrogate, which has no UTF-8 form (Utf8JsonReader.CopyString refuses the same ones).
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> content, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (true)
        {
            int plain = content[i..].IndexOf((byte)'\\');
            if (plain < 0)
            {
                content[i..].CopyTo(destination[written..]);
                return written + content.Length - i;
            }

            content.Slice(i, plain).CopyTo(destination[written..]);
            written += plain;
            i += plain;
            byte escape = content[i + 1];
            if (escape != (byte)'u')
            {
                destination[written++] = escape switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => escape, // " \ /
                };
                i += 2;
                continue;
            }

            int scalar = Hex4(content, i + 2);
            i += 6;
            if (scalar is >= 0xD800 and <= 0xDFFF)
            {
                // A high surrogate must be followed at once by an escaped low surrogate.
                if (scalar >= 0xDC00 || i + 6 > content.Length || content[i] != (byte)'\\' || content[i + 1] != (byte)'u')
                {
                    return -1;
                }

                int low = Hex4(content, i + 2);
                if (low is < 0xDC00 or > 0xDFFF)
                {
                    return -1;
                }

                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }

            written += new Rune(scalar).EncodeToUtf8(destination[written..]);
        }
    }

    private static int Hex4(ReadOnlySpan<byte> text, int start) =>
        (HexValue(text[start]) << 12) | (HexValue(text[start + 1]) << 8) | (HexValue(text[start + 2]) << 4) | HexValue(text[start + 3]);

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    // Inlined by hand: small and called per value; without dynamic PGO (docs/performance.md) the JIT left it a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipDigits(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length && IsDigit(data[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Skips the one-or-more digits starting at <paramref name="start"/>; false (at the bad byte) when there are none.</summary>
    private static bool TrySkipRequiredDigits(ReadOnlySpan<byte> data, ref int i, int start)
    {
        int end = SkipDigits(data, start);
        i = end;
        return end > start;
    }
}
