using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace HybridBatch.Core.Tests.Support;

/// <summary>
/// Builds gzip members byte by byte (RFC 1952), with optional FEXTRA, FNAME, FCOMMENT and FHCRC, so the reader is
/// tested on headers no .NET writer produces. The body comes from the BCL's DeflateStream and the CRC-32 from a
/// table written here, independent of the reader's zlib binding.
/// </summary>
internal static class GzipMember
{
    private static readonly uint[] s_table = BuildTable();

    public static byte[] Build(byte[] content, byte[]? extra = null, string? name = null, string? comment = null, bool headerCrc = false)
    {
        var header = new List<byte> { 0x1F, 0x8B, 8, 0, 0x10, 0x20, 0x30, 0x40, 0, 3 };
        byte flags = 0;
        if (extra is not null)
        {
            flags |= 0x04;
            header.Add((byte)extra.Length);
            header.Add((byte)(extra.Length >> 8));
            header.AddRange(extra);
        }

        if (name is not null)
        {
            flags |= 0x08;
            header.AddRange(Encoding.Latin1.GetBytes(name));
            header.Add(0);
        }

        if (comment is not null)
        {
            flags |= 0x10;
            header.AddRange(Encoding.Latin1.GetBytes(comment));
            header.Add(0);
        }

        if (headerCrc)
        {
            flags |= 0x02;
        }

        header[3] = flags;
        if (headerCrc)
        {
            uint crc16 = Crc32([.. header]);
            header.Add((byte)crc16);
            header.Add((byte)(crc16 >> 8));
        }

        var member = new MemoryStream();
        member.Write([.. header]);
        member.Write(Deflate(content));
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32(content));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)content.Length);
        member.Write(trailer);
        return member.ToArray();
    }

    public static byte[] Deflate(byte[] content)
    {
        var body = new MemoryStream();
        using (var deflate = new DeflateStream(body, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(content);
        }

        // DeflateStream writes nothing for no content; a member needs at least the empty final block.
        return body.Length == 0 ? [0x03, 0x00] : body.ToArray();
    }

    public static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = s_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
