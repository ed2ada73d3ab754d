using HybridBatch.Core.Tests.Support;
using ZstdSharp;

namespace HybridBatch.Cli.Tests.Compression;

/// <summary><see cref="CompressedRunTests"/> for .zst inputs (RFC 8878), compressed by ZstdSharp with the content checksum.</summary>
public sealed class ZstdRunTests : CompressedRunTests
{
    protected override string Extension => ".zst";

    protected override string NotThisCodec => "zstd: the input is named .zst but starts with bytes 7B 22 6F 72 64 65 72 5F, which are not zstd (28 b5 2f fd)";

    protected override byte[] Compress(byte[] content) => ZstdFrames.Compress(content);

    protected override (byte[] Bytes, int FlushedAt) CompressWithFlush(byte[] content, int flushAt) => ZstdFrames.CompressWithFlush(content, flushAt);

    protected override byte[] Decompress(byte[] compressed)
    {
        using var reader = new DecompressionStream(new MemoryStream(compressed), leaveOpen: false);
        var plain = new MemoryStream();
        reader.CopyTo(plain);
        return plain.ToArray();
    }

    protected override byte[] Join(byte[] first, byte[] second) => [.. first, .. ZstdFrames.Skippable("hi"u8.ToArray(), nibble: 0xE), .. second];

    protected override string[] TruncatedInData(int cut) =>
        [$"zstd: the stream is truncated: the input ends at byte {cut} inside the data of block ", "of frame 1 (at byte 0)"];

    protected override string[] TruncatedAtFlush(int cut) =>
        [$"zstd: the stream is truncated: the input ends at byte {cut} inside the header of block "];

    protected override (byte[] Damaged, string[] Expected) CorruptData(byte[] whole)
    {
        byte[] damaged = (byte[])whole.Clone();
        damaged[ZstdFrames.HeaderLength(whole) + 3] ^= 0xFF; // the first compressed block's literals section header
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
}
