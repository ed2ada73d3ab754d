using System.Text;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Records;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Compression;

/// <summary>The zstd counterpart of <see cref="GzipInputStreamTests"/>: whole streams read back, every defect named.</summary>
public class ZstdInputStreamTests
{
    private static readonly byte[] s_lines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"{{\"id\":{i},\"name\":\"item {i * 7919 % 1000}\"}}\n")));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task A_single_frame_reads_back_its_content(int step)
    {
        Assert.Equal(s_lines, await ReadAllAsync(ZstdFrames.Compress(s_lines), step));
    }

    [Fact]
    public void A_single_frame_reads_back_through_the_synchronous_path()
    {
        using var reader = new ZstdInputStream(new MemoryStream(ZstdFrames.Compress(s_lines)));
        var output = new MemoryStream();
        reader.CopyTo(output);

        Assert.Equal(s_lines, output.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100_000)]
    public async Task Concatenated_frames_read_as_one_stream(int step)
    {
        byte[] first = Encoding.UTF8.GetBytes("one\ntwo\n");
        byte[] zst = [.. ZstdFrames.Compress(first), .. ZstdFrames.Compress(s_lines, checksum: false), .. ZstdFrames.Compress([])];

        Assert.Equal(first.Concat(s_lines).ToArray(), await ReadAllAsync(zst, step));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(100_000)]
    public async Task Raw_blocks_and_skippable_frames_are_read_and_skipped(int step)
    {
        byte[] zst = [
            .. ZstdFrames.Skippable(Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()),
            .. ZstdFrames.Raw(s_lines, blockSize: 777),
            .. ZstdFrames.Skippable([], nibble: 0xF),
            .. ZstdFrames.Compress(s_lines),
            .. ZstdFrames.Raw(s_lines, blockSize: 128 * 1024),
        ];

        Assert.Equal(Enumerable.Repeat(s_lines, 3).SelectMany(b => b).ToArray(), await ReadAllAsync(zst, step));
    }

    [Fact]
    public async Task An_empty_frame_reads_as_nothing()
    {
        Assert.Empty(await ReadAllAsync(ZstdFrames.Compress([]), 100));
    }

    [Fact]
    public async Task An_empty_input_is_not_a_zstd_file()
    {
        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync([], 100));

        Assert.Contains("is empty (0 bytes)", error.Message);
    }

    [Fact]
    public async Task Plain_text_says_it_is_not_zstd_and_shows_its_first_bytes()
    {
        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync("a,b\n1,2\n"u8.ToArray(), 100));

        Assert.Equal("zstd: the input is named .zst but starts with bytes 61 2C 62 0A 31 2C 32 0A, which are not zstd (28 b5 2f fd)", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    public async Task A_truncation_anywhere_names_where_the_input_ends(int step)
    {
        byte[] zst = ZstdFrames.Compress(s_lines);
        int headerLength = ZstdFrames.HeaderLength(zst);
        (int Cut, string Where)[] cuts =
        [
            (1, "at the magic number of frame 1"),
            (4, "inside the frame header of frame 1"),
            (5, "inside the frame header of frame 1"),
            (headerLength, "inside the header of block 1 of frame 1"),
            (headerLength + 2, "inside the header of block 1 of frame 1"),
            (headerLength + 4, "inside the data of block 1 of frame 1"),
            (zst.Length / 2, "inside the data of block 1 of frame 1"),
            (zst.Length - 4, "inside the 4-byte content checksum of frame 1"),
            (zst.Length - 1, "inside the 4-byte content checksum of frame 1"),
        ];
        foreach ((int cut, string where) in cuts)
        {
            InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst[..cut], step));

            string expected = $"the stream is truncated: the input ends at byte {cut} {where} (at byte 0)";
            Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"cut at {cut}: expected '{expected}' in '{error.Message}'");
        }
    }

    [Fact]
    public async Task A_truncation_in_the_second_frame_names_that_frame()
    {
        byte[] first = ZstdFrames.Compress(s_lines);
        byte[] zst = [.. first, .. ZstdFrames.Compress(s_lines)];

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst[..(first.Length + 40)], 100_000));

        Assert.Contains($"ends at byte {first.Length + 40} inside the data of block 1 of frame 2 (at byte {first.Length})", error.Message);
    }

    [Fact]
    public async Task A_truncated_skippable_frame_is_named()
    {
        byte[] first = ZstdFrames.Compress(s_lines);
        byte[] zst = [.. first, .. ZstdFrames.Skippable(new byte[100])];

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst[..^1], 7));

        Assert.EndsWith($"inside the skipped data (a skippable frame) of frame 2 (at byte {first.Length})", error.Message);
    }

    [Fact]
    public async Task Corrupt_block_data_is_named_with_its_frame_and_offsets()
    {
        byte[] first = ZstdFrames.Compress(s_lines);
        byte[] zst = [.. first, .. ZstdFrames.Compress(s_lines)];
        zst[first.Length + ZstdFrames.HeaderLength(first) + 3] ^= 0xFF; // the second frame's first compressed block: its literals section header

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst, 100_000));

        Assert.StartsWith($"zstd: corrupt data in frame 2 (at byte {first.Length}), detected in compressed bytes {first.Length}-", error.Message);
    }

    [Fact]
    public async Task A_reserved_block_type_is_named_at_its_block_header()
    {
        byte[] zst = ZstdFrames.Raw(s_lines, blockSize: 1000);
        int secondBlock = 6 + 3 + 1000;
        zst[secondBlock] |= 0x06;

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst, 100_000));

        Assert.Equal($"zstd: block 2 of frame 1 (at byte 0) has the reserved block type 3 (block header at byte {secondBlock})", error.Message);
    }

    [Fact]
    public async Task A_block_larger_than_128_KiB_is_refused()
    {
        byte[] zst = ZstdFrames.Raw(s_lines, blockSize: 1000);
        zst[6 + 2] = 0xFF; // the first block header's top bits: a size of about 2 MiB

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst, 100_000));

        Assert.Contains("block 1 of frame 1 (at byte 0) states a size of ", error.Message);
        Assert.Contains("more than a block may hold (128 KiB; block header at byte 6)", error.Message);
    }

    [Fact]
    public async Task A_wrong_content_checksum_is_a_checksum_mismatch_at_its_offset()
    {
        byte[] zst = ZstdFrames.Compress(s_lines);
        zst[^1] ^= 0x01;

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst, 100_000));

        Assert.Equal($"zstd: content checksum mismatch in frame 1 (at byte 0): the checksum at byte {zst.Length - 4} does not match the decompressed data", error.Message);
    }

    [Fact]
    public async Task A_reserved_descriptor_bit_is_refused()
    {
        byte[] zst = ZstdFrames.Compress(s_lines);
        zst[4] |= 0x08;

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst, 100_000));

        Assert.Equal("zstd: frame 1 (at byte 0) sets the reserved bit of its frame header descriptor (byte 4), which RFC 8878 requires to be zero", error.Message);
    }

    [Fact]
    public async Task A_frame_that_needs_a_dictionary_is_refused_by_name()
    {
        byte[] zst = [0x28, 0xB5, 0x2F, 0xFD, 0x01, 0x58, 0x07, .. ZstdFrames.Raw(s_lines)[6..]];

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst, 100_000));

        Assert.Equal("zstd: frame 1 (at byte 0) was compressed with dictionary 7 (byte 6); this reader takes no dictionary", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x67, 0x61, 0x72, 0x62 }, "67 61 72 62")]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "00 00 00 00")]
    [InlineData(new byte[] { 0x28, 0xB5 }, null)]
    [InlineData(new byte[] { 0x5A, 0x2A, 0x4D }, null)]
    public async Task Trailing_bytes_after_the_last_frame_fail(byte[] trailing, string? shown)
    {
        byte[] frame = ZstdFrames.Compress(s_lines);
        byte[] zst = [.. frame, .. trailing];

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(zst, 100_000));

        Assert.Contains(shown is null
            ? $"truncated: the input ends at byte {zst.Length} at the magic number of frame 2 (at byte {frame.Length})"
            : $"trailing bytes after the end of frame 1 at byte {frame.Length} are not another zstd frame (they start with {shown})", error.Message);
    }

    private static async Task<byte[]> ReadAllAsync(byte[] zst, int step)
    {
        await using var reader = new ZstdInputStream(new TrickleStream(zst, step));
        var output = new MemoryStream();
        await reader.CopyToAsync(output);
        return output.ToArray();
    }
}
