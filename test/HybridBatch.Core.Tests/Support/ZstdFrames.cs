using System.Buffers.Binary;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace HybridBatch.Core.Tests.Support;

/// <summary>
/// zstd frames for the reader's tests: compressed ones from ZstdSharp's own compressor (with or without the content
/// checksum), and frames built byte by byte (RFC 8878) with raw blocks and skippable frames, so the reader is tested
/// on layouts a compressor chooses rarely.
/// </summary>
internal static class ZstdFrames
{
    public static byte[] Compress(byte[] content, bool checksum = true, int level = 3)
    {
        using var compressor = new Compressor(level);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, checksum ? 1 : 0);
        return compressor.Wrap(content).ToArray();
    }

    /// <summary>
    /// One frame through the streaming compressor, flushed after <paramref name="flushAt"/> bytes: the flush ends a
    /// block there, so a cut at the returned offset leaves whole blocks of exactly that content.
    /// </summary>
    public static (byte[] Bytes, int FlushedAt) CompressWithFlush(byte[] content, int flushAt)
    {
        var target = new MemoryStream();
        int flushedAt;
        using (var compress = new CompressionStream(target, level: 3, leaveOpen: true))
        {
            compress.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            compress.Write(content, 0, flushAt);
            compress.Flush();
            flushedAt = (int)target.Length;
            compress.Write(content, flushAt, content.Length - flushAt);
        }

        return (target.ToArray(), flushedAt);
    }

    /// <summary>A frame of raw (stored) blocks of at most <paramref name="blockSize"/> bytes, no checksum, no content size.</summary>
    public static byte[] Raw(byte[] content, int blockSize = 1000)
    {
        var frame = new List<byte> { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x58 }; // descriptor 0: window descriptor follows; 2 MiB window
        int at = 0;
        do
        {
            int size = Math.Min(blockSize, content.Length - at);
            bool last = at + size == content.Length;
            int header = (last ? 1 : 0) | (size << 3); // block type 0: raw
            frame.Add((byte)header);
            frame.Add((byte)(header >> 8));
            frame.Add((byte)(header >> 16));
            frame.AddRange(content.AsSpan(at, size).ToArray());
            at += size;
        }
        while (at < content.Length);
        return [.. frame];
    }

    /// <summary>The length of the frame header at the start of <paramref name="frame"/> (RFC 8878 section 3.1.1.1).</summary>
    public static int HeaderLength(byte[] frame)
    {
        byte descriptor = frame[4];
        bool singleSegment = (descriptor & 0x20) != 0;
        int dictionary = (descriptor & 3) == 3 ? 4 : descriptor & 3;
        int size = (descriptor >> 6) switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        return 5 + (singleSegment ? 0 : 1) + dictionary + size;
    }

    /// <summary>A skippable frame (magic 0x184D2A5<paramref name="nibble"/>) holding <paramref name="data"/>.</summary>
    public static byte[] Skippable(byte[] data, int nibble = 0)
    {
        byte[] frame = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, 0x184D2A50u | (uint)nibble);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), (uint)data.Length);
        data.CopyTo(frame, 8);
        return frame;
    }
}
