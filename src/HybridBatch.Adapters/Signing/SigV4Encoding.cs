using System.Text;

namespace HybridBatch.Adapters.Signing;

/// <summary>RFC 3986 percent-encoding as SigV4 defines it: everything but unreserved characters, as UTF-8 bytes in upper-case hex.</summary>
internal static class SigV4Encoding
{
    private const string Hex = "0123456789ABCDEF";

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Decodes valid <c>%XX</c> escapes to bytes and keeps everything else (a lone <c>%</c>, a <c>+</c>) literal,
    /// working on bytes so that escapes which are not UTF-8 survive a decode and re-encode unchanged.
    /// </summary>
    public static byte[] Decode(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(utf8.Length);
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'%' && i + 2 < utf8.Length && IsHex(utf8[i + 1]) && IsHex(utf8[i + 2]))
            {
                output.Add((byte)((HexValue(utf8[i + 1]) << 4) | HexValue(utf8[i + 2])));
                i += 2;
            }
            else
            {
                output.Add(utf8[i]);
            }
        }

        return output.ToArray();
    }

    /// <summary>Brings an already-escaped URI component to SigV4's one canonical escaping.</summary>
    public static string Reencode(string escaped) => Encode(Decode(escaped));

    private static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F' or >= (byte)'a' and <= (byte)'f';

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
