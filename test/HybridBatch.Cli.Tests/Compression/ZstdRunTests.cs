using ZstdSharp;
using ZstdSharp.Unsafe;

namespace HybridBatch.Cli.Tests.Compression;

/// <summary><see cref="CompressedRunTests"/> for .zst inputs (RFC 8878), compressed by ZstdSharp with the content checksum.</summary>
public sealed class ZstdRunTests : CompressedRunTests
{
    protected override string Extension => ".zst";

    protected override string NotThisCodec => "zstd: the input is named .zst but starts with bytes 7B 22 6F 72 64 65 72 5F, which are not zstd (28 b5 2f fd)";

    protected override byte[] Compress(byte[] content)
    {
        using var compressor = new Compressor(3);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        return compressor.Wrap(content).ToArray();
    }

    protected override (byte[] Bytes, int FlushedAt) CompressWithFlush(byte[] content, int flushAt)
    {
        var compressed = new MemoryStream();
        int flushedAt;
        using (var compress = new CompressionStream(compressed, level: 3, leaveOpen: true))
        {
            compress.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            compress.Write(content, 0, flushAt);
            compress.Flush(); // ends a block here
            flushedAt = (int)compressed.Length;
            compress.Write(content, flushAt, content.Length - flushAt);
        }

        return (compressed.ToArray(), flushedAt);
    }

    protected override byte[] Decompress(byte[] compressed)
    {
        using var reader = new DecompressionStream(new MemoryStream(compressed), leaveOpen: false);
        var plain = new MemoryStream();
        reader.CopyTo(plain);
        return plain.ToArray();
    }

    protected override byte[] Join(byte[] first, byte[] second)
    {
        byte[] skippable = [0x5E, 0x2A, 0x4D, 0x18, 2, 0, 0, 0, (byte)'h', (byte)'i'];
        return [.. first, .. skippable, .. second];
    }

    protected override string[] TruncatedInData(int cut) =>
        [$"zstd: the stream is truncated: the input ends at byte {cut} inside the data of block ", "of frame 1 (at byte 0)"];

    protected override string[] TruncatedAtFlush(int cut) =>
        [$"zstd: the stream is truncated: the input ends at byte {cut} inside the header of block "];

    protected override (byte[] Damaged, string[] Expected) CorruptData(byte[] whole)
    {
        byte[] damaged = (byte[])whole.Clone();
        damaged[HeaderLength(whole) + 3] ^= 0xFF; // the first compressed block's literals section header
        return (damaged, ["zstd: corrupt data in frame 1 (at byte 0), detected in compressed bytes 0-"]);
    }

    protected override (byte[] Damaged, string[] Expected) BadChecksum(byte[] whole)
    {
        byte[] damaged = (byte[])whole.Clone();
        damaged[^2] ^= 0x5A;
        return (damaged, [$"zstd: content checksum mismatch in frame 1 (at byte 0): the checksum at byte {whole.Length - 4} does not match the decompressed data"]);
    }

    protected override string TrailingGarbage(int end) =>
        $"zstd: trailing bytes after the end of frame 1 at byte {end} are not another zstd frame (they start with 67 61 72 62 61 67 65)";

    /// <summary>RFC 8878 section 3.1.1.1: the frame header's length from its descriptor byte.</summary>
    private static int HeaderLength(byte[] frame)
    {
        byte descriptor = frame[4];
        bool singleSegment = (descriptor & 0x20) != 0;
        int dictionary = (descriptor & 3) == 3 ? 4 : descriptor & 3;
        int size = (descriptor >> 6) switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        return 5 + (singleSegment ? 0 : 1) + dictionary + size;
    }
}
