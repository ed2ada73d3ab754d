using System.IO.Compression;
using System.Text.Json;

namespace HybridBatch.Cli.Tests.Compression;

/// <summary><see cref="CompressedRunTests"/> for .gz inputs (RFC 1952), and the one check gzip has that zstd has not: ISIZE.</summary>
public sealed class GzipRunTests : CompressedRunTests
{
    protected override string Extension => ".gz";

    protected override string NotThisCodec => "gzip: the input is named .gz but starts with bytes 7B 22 6F 72 64 65 72 5F, which are not gzip (1f 8b)";

    protected override byte[] Compress(byte[] content) => CompressWithFlush(content, content.Length).Bytes;

    protected override (byte[] Bytes, int FlushedAt) CompressWithFlush(byte[] content, int flushAt)
    {
        var compressed = new MemoryStream();
        int flushedAt;
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content, 0, flushAt);
            gzip.Flush(); // a sync flush: the deflate data so far ends on a byte boundary
            flushedAt = (int)compressed.Length;
            gzip.Write(content, flushAt, content.Length - flushAt);
        }

        return (compressed.ToArray(), flushedAt);
    }

    protected override byte[] Decompress(byte[] compressed)
    {
        using var reader = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var plain = new MemoryStream();
        reader.CopyTo(plain);
        return plain.ToArray();
    }

    protected override byte[] Join(byte[] first, byte[] second) => [.. first, .. second];

    protected override string[] TruncatedInData(int cut) =>
        [$"gzip: the stream is truncated: the input ends at byte {cut} inside the deflate data of member 1 (at byte 0)"];

    protected override string[] TruncatedAtFlush(int cut) => TruncatedInData(cut);

    protected override (byte[] Damaged, string[] Expected) CorruptData(byte[] whole)
    {
        byte[] damaged = (byte[])whole.Clone();
        damaged[10] = 0xFF; // the first deflate block's type becomes 11, which RFC 1951 reserves
        return (damaged, ["gzip: corrupt deflate data in member 1 (at byte 0), detected near byte ", "invalid block type"]);
    }

    protected override (byte[] Damaged, string[] Expected) BadChecksum(byte[] whole)
    {
        byte[] damaged = (byte[])whole.Clone();
        damaged[^8] ^= 0x5A;
        return (damaged, [$"gzip: CRC-32 mismatch in member 1 (at byte 0): the trailer at byte {whole.Length - 8} says 0x"]);
    }

    protected override string TrailingGarbage(int end) =>
        $"gzip: trailing bytes after the end of member 1 at byte {end} are not another gzip member (they start with 67 61 72 62 61 67 65)";

    [Fact]
    public async Task A_wrong_isize_exits_3_with_a_message_and_no_stack_trace()
    {
        byte[] gz = await WholeAsync();
        gz[^1] ^= 0x01;

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(gz);

        AssertFailedClosed(exitCode, output, log, report, $"gzip: length mismatch in member 1 (at byte 0): the trailer at byte {gz.Length - 4} says ");
    }
}
