using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HybridBatch.Core.Json;

/// <summary>
/// The one string escaping of every JSON text HybridBatch writes itself (messages built from CSV and Parquet rows,
/// envelopes, answers, stored documents such as the plan, validation.json, report.json and rejects.jsonl, and log
/// lines): only what RFC 8259 requires, so a rejected record's <c>raw</c> text reads as it was. <c>"</c> becomes <c>\"</c>, <c>\</c> becomes <c>\\</c>, a
/// control character below U+0020 becomes <c>\b</c>, <c>\t</c>, <c>\n</c>, <c>\f</c>, <c>\r</c> or <c>\u00xx</c>
/// (lowercase hex, as Python's <c>json.dumps</c> writes it); everything else, HTML characters and non-ASCII
/// included, stays as UTF-8.
/// </summary>
/// <remarks>
/// Why not a built-in encoder: <see cref="JavaScriptEncoder.Default"/> escapes <c>&lt;&gt;&amp;'+</c>, <c>"</c> (as
/// <c>\u0022</c>) and all non-ASCII, and <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> still escapes
/// emoji (as surrogate pairs), U+2028/U+2029 and DEL (measured on .NET 10). Consumers and byte budgets expect the
/// plain form. Text that is not well-formed (a lone surrogate, invalid UTF-8) is written as U+FFFD, as the built-in
/// encoders do, never passed through.
/// </remarks>
public sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    // Bytes below 0x20, the quote and the backslash: the only ones JSON strings cannot hold as they are.
    private static readonly SearchValues<byte> EscapedBytes = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private static readonly SearchValues<char> EscapedChars = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '"', '\\', .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]);

    private MinimalJsonEncoder()
    {
    }

    public static MinimalJsonEncoder Instance { get; } = new();

    /// <summary>Writer options with this encoder: every <see cref="Utf8JsonWriter"/> that writes a message or answer uses them.</summary>
    public static JsonWriterOptions WriterOptions => new() { Encoder = Instance };

    /// <summary>As <see cref="WriterOptions"/>, without the writer's structure checks (hot paths that lay out known shapes).</summary>
    public static JsonWriterOptions UncheckedWriterOptions => new() { Encoder = Instance, SkipValidation = true };

    /// <summary>
    /// <paramref name="value"/> as JSON with this encoder, indented as <paramref name="typeInfo"/>'s options say: how
    /// answers and stored documents are written (a source-generated context's attribute cannot name an encoder, so
    /// this is the one way to serialize, not <c>JsonSerializer.SerializeToUtf8Bytes</c>).
    /// </summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Instance, Indented = typeInfo.Options.WriteIndented }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.WrittenSpan.ToArray();
    }

    // \u00xx is the longest escape.
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is < 0x20 or '"' or '\\' || (unicodeScalar is >= 0xD800 and <= 0xDFFF);

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        int special = utf8Text.IndexOfAny(EscapedBytes);
        ReadOnlySpan<byte> plain = special < 0 ? utf8Text : utf8Text[..special];
        // Invalid UTF-8 must reach the encoding step (which writes U+FFFD), never be copied through.
        return System.Text.Unicode.Utf8.IsValid(plain) ? special : base.FindFirstCharacterToEncodeUtf8(utf8Text);
    }

    /// <summary>
    /// Copies runs of plain UTF-8 as they are and escapes the bytes between them: the per-character path of the base
    /// class made CSV messages with a quote a third slower than the built-in encoder (measured). Anything unusual
    /// (invalid or, in a partial block, incomplete UTF-8; too little room) is left to the base class.
    /// </summary>
    public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true)
    {
        int read = 0;
        int written = 0;
        Span<char> escape = stackalloc char[6];
        while (read < utf8Source.Length)
        {
            ReadOnlySpan<byte> rest = utf8Source[read..];
            int special = rest.IndexOfAny(EscapedBytes);
            ReadOnlySpan<byte> plain = special < 0 ? rest : rest[..special];
            if (!System.Text.Unicode.Utf8.IsValid(plain) || plain.Length > utf8Destination.Length - written)
            {
                OperationStatus status = base.EncodeUtf8(rest, utf8Destination[written..], out int baseRead, out int baseWritten, isFinalBlock);
                bytesConsumed = read + baseRead;
                bytesWritten = written + baseWritten;
                return status;
            }

            plain.CopyTo(utf8Destination[written..]);
            read += plain.Length;
            written += plain.Length;
            if (special < 0)
            {
                break;
            }

            TryEscape(rest[special], escape, out int length);
            if (length > utf8Destination.Length - written)
            {
                bytesConsumed = read;
                bytesWritten = written;
                return OperationStatus.DestinationTooSmall;
            }

            for (int i = 0; i < length; i++)
            {
                utf8Destination[written + i] = (byte)escape[i];
            }

            read++;
            written += length;
        }

        bytesConsumed = read;
        bytesWritten = written;
        return OperationStatus.Done;
    }

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var chars = new ReadOnlySpan<char>(text, textLength);
        int at = 0;
        while (at < chars.Length)
        {
            int next = chars[at..].IndexOfAny(EscapedChars);
            if (next < 0)
            {
                return -1;
            }

            at += next;
            // A well-formed surrogate pair is an ordinary character (an emoji): copied as it is.
            if (char.IsHighSurrogate(chars[at]) && at + 1 < chars.Length && char.IsLowSurrogate(chars[at + 1]))
            {
                at += 2;
                continue;
            }

            return at;
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        TryEscape(unicodeScalar, new Span<char>(buffer, bufferLength), out numberOfCharactersWritten);

    /// <summary>Writes one scalar as JSON string content: its escape when JSON requires one, else the scalar itself.</summary>
    internal static bool TryEscape(int scalar, Span<char> destination, out int written)
    {
        ReadOnlySpan<char> escape = scalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\f' => "\\f",
            '\r' => "\\r",
            _ => default,
        };
        if (escape.IsEmpty && scalar < 0x20)
        {
            if (destination.Length < 6)
            {
                written = 0;
                return false;
            }

            "\\u00".CopyTo(destination);
            destination[4] = HexDigit(scalar >> 4);
            destination[5] = HexDigit(scalar & 0xF);
            written = 6;
            return true;
        }

        if (escape.IsEmpty)
        {
            // A lone surrogate arrives here as U+FFFD (the base encoder replaces it); any scalar is written as it is.
            var rune = new System.Text.Rune(scalar is >= 0xD800 and <= 0xDFFF ? 0xFFFD : scalar);
            return rune.TryEncodeToUtf16(destination, out written);
        }

        if (destination.Length < escape.Length)
        {
            written = 0;
            return false;
        }

        escape.CopyTo(destination);
        written = escape.Length;
        return true;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
