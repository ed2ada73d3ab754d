namespace HybridBatch.Generation;

/// <summary>Writes CSV cells with RFC 4180 quoting.</summary>
internal static class CsvText
{
    /// <summary>
    /// Writes a string cell. Empty strings are written as <c>""</c> because an empty unquoted cell means
    /// "no value"; values holding the delimiter, a quote or a line break are quoted with quotes doubled.
    /// </summary>
    public static void WriteString(ReadOnlySpan<byte> utf8, byte delimiter, OutputBuffer output)
    {
        if (utf8.Length > 0 && utf8.IndexOfAny(delimiter, (byte)'"') < 0 && utf8.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            output.Write(utf8);
            return;
        }

        output.WriteByte((byte)'"');
        var quote = utf8.IndexOf((byte)'"');
        while (quote >= 0)
        {
            output.Write(utf8[..(quote + 1)]);
            output.WriteByte((byte)'"');
            utf8 = utf8[(quote + 1)..];
            quote = utf8.IndexOf((byte)'"');
        }

        output.Write(utf8);
        output.WriteByte((byte)'"');
    }

    public static byte[] EncodeString(ReadOnlySpan<byte> utf8, byte delimiter)
    {
        using var stream = new MemoryStream();
        var output = new OutputBuffer(stream);
        WriteString(utf8, delimiter, output);
        output.Flush();
        return stream.ToArray();
    }
}
