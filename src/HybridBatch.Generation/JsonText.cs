using System.Buffers;

namespace HybridBatch.Generation;

/// <summary>Writes UTF-8 text as a JSON string literal.</summary>
internal static class JsonText
{
    private static readonly SearchValues<byte> s_needsEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private static readonly byte[] s_hex = "0123456789abcdef"u8.ToArray();

    public static void WriteString(ReadOnlySpan<byte> utf8, OutputBuffer output)
    {
        output.WriteByte((byte)'"');
        var next = utf8.IndexOfAny(s_needsEscape);
        while (next >= 0)
        {
            output.Write(utf8[..next]);
            var b = utf8[next];
            switch (b)
            {
                case (byte)'"':
                    output.Write("\\\""u8);
                    break;
                case (byte)'\\':
                    output.Write("\\\\"u8);
                    break;
                case (byte)'\n':
                    output.Write("\\n"u8);
                    break;
                case (byte)'\r':
                    output.Write("\\r"u8);
                    break;
                case (byte)'\t':
                    output.Write("\\t"u8);
                    break;
                default:
                    output.Write("\\u00"u8);
                    output.WriteByte(s_hex[b >> 4]);
                    output.WriteByte(s_hex[b & 0xF]);
                    break;
            }

            utf8 = utf8[(next + 1)..];
            next = utf8.IndexOfAny(s_needsEscape);
        }

        output.Write(utf8);
        output.WriteByte((byte)'"');
    }

    public static byte[] EncodeString(ReadOnlySpan<byte> utf8)
    {
        using var stream = new MemoryStream();
        var output = new OutputBuffer(stream);
        WriteString(utf8, output);
        output.Flush();
        return stream.ToArray();
    }
}
