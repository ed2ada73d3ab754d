using System.Text;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Records;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Compression;

public class GzipInputStreamTests
{
    private static readonly byte[] s_lines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"{{\"id\":{i},\"name\":\"item {i * 7919 % 1000}\"}}\n")));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task A_single_member_reads_back_its_content(int step)
    {
        byte[] gz = GzipMember.Build(s_lines);

        Assert.Equal(s_lines, await ReadAllAsync(gz, step));
    }

    [Fact]
    public void A_single_member_reads_back_through_the_synchronous_path()
    {
        using var reader = new GzipInputStream(new MemoryStream(GzipMember.Build(s_lines)));
        var output = new MemoryStream();
        reader.CopyTo(output);

        Assert.Equal(s_lines, output.ToArray());
        Assert.Equal(1, reader.CompleteMembers);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100_000)]
    public async Task Concatenated_members_read_as_one_stream(int step)
    {
        byte[] first = Encoding.UTF8.GetBytes("one\ntwo\n");
        byte[] gz = [.. GzipMember.Build(first), .. GzipMember.Build(s_lines), .. GzipMember.Build([])];

        byte[] read = await ReadAllAsync(gz, step);

        Assert.Equal(first.Concat(s_lines).ToArray(), read);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(100_000)]
    public async Task Headers_with_extra_name_comment_and_header_crc_are_read(int step)
    {
        byte[] extra = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] gz = [
            .. GzipMember.Build(s_lines, extra: extra),
            .. GzipMember.Build(s_lines, name: "orders.jsonl"),
            .. GzipMember.Build(s_lines, comment: "made by hand"),
            .. GzipMember.Build(s_lines, headerCrc: true),
            .. GzipMember.Build(s_lines, extra: [1, 2, 3, 4], name: "n", comment: "c", headerCrc: true),
            .. GzipMember.Build(s_lines, extra: []),
        ];

        Assert.Equal(Enumerable.Repeat(s_lines, 6).SelectMany(b => b).ToArray(), await ReadAllAsync(gz, step));
    }

    [Fact]
    public async Task An_empty_member_reads_as_nothing()
    {
        Assert.Empty(await ReadAllAsync(GzipMember.Build([]), 100));
    }

    [Fact]
    public async Task An_empty_input_is_not_a_gzip_file()
    {
        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync([], 100));

        Assert.Contains("is empty (0 bytes)", error.Message);
    }

    [Fact]
    public async Task Plain_text_says_it_is_not_gzip_and_shows_its_first_bytes()
    {
        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync("a,b\n1,2\n"u8.ToArray(), 100));

        Assert.Equal("gzip: the input is named .gz but starts with bytes 61 2C 62 0A 31 2C 32 0A, which are not gzip (1f 8b)", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    public async Task A_truncation_anywhere_names_where_the_input_ends(int step)
    {
        byte[] gz = GzipMember.Build(s_lines, name: "x");
        int bodyStart = 12;
        (int Cut, string Where)[] cuts =
        [
            (1, "at the magic bytes of member 1"),
            (5, "inside the header of member 1"),
            (11, "inside the header of member 1"),
            (bodyStart + 1, "inside the deflate data of member 1"),
            (gz.Length / 2, "inside the deflate data of member 1"),
            (gz.Length - 8, "inside the 8-byte trailer"),
            (gz.Length - 1, "inside the 8-byte trailer"),
        ];
        foreach ((int cut, string where) in cuts)
        {
            InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(gz[..cut], step));

            Assert.Contains($"the stream is truncated: the input ends at byte {cut} {where}", error.Message);
        }
    }

    [Fact]
    public async Task A_truncation_in_the_second_member_names_that_member()
    {
        byte[] first = GzipMember.Build(s_lines);
        byte[] gz = [.. first, .. GzipMember.Build(s_lines)];

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(gz[..(first.Length + 40)], 100_000));

        Assert.Contains($"ends at byte {first.Length + 40} inside the deflate data of member 2 (at byte {first.Length})", error.Message);
    }

    [Fact]
    public async Task Corrupt_deflate_data_is_named_with_its_member_and_offset()
    {
        byte[] gz = GzipMember.Build(s_lines);
        gz[10] = 0xFF; // the first block's header: BTYPE 11 is reserved, an invalid block type

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(gz, 100_000));

        Assert.StartsWith("gzip: corrupt deflate data in member 1 (at byte 0), detected near byte ", error.Message);
        Assert.Contains("invalid block type", error.Message);
    }

    [Fact]
    public async Task A_wrong_crc_is_a_crc_mismatch_at_the_trailer()
    {
        byte[] gz = GzipMember.Build(s_lines);
        gz[^8] ^= 0x01;

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(gz, 100_000));

        Assert.StartsWith($"gzip: CRC-32 mismatch in member 1 (at byte 0): the trailer at byte {gz.Length - 8} says 0x", error.Message);
    }

    [Fact]
    public async Task A_wrong_isize_is_a_length_mismatch()
    {
        byte[] gz = GzipMember.Build(s_lines);
        gz[^4] ^= 0x01;

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(gz, 100_000));

        Assert.Equal($"gzip: length mismatch in member 1 (at byte 0): the trailer at byte {gz.Length - 4} says {s_lines.Length ^ 1} bytes (mod 2^32), the member decompressed to {s_lines.Length}", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x67, 0x61, 0x72, 0x62 }, "67 61 72 62")]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "00 00 00 00")]
    [InlineData(new byte[] { 0x1F }, null)]
    public async Task Trailing_bytes_after_the_last_member_fail(byte[] trailing, string? shown)
    {
        byte[] member = GzipMember.Build(s_lines);
        byte[] gz = [.. member, .. trailing];

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(gz, 100_000));

        Assert.Contains(shown is null
            ? $"truncated: the input ends at byte {gz.Length} at the magic bytes of member 2 (at byte {member.Length})"
            : $"trailing bytes after the end of member 1 at byte {member.Length} are not another gzip member (they start with {shown})", error.Message);
    }

    [Fact]
    public async Task A_wrong_header_crc_is_named()
    {
        byte[] gz = GzipMember.Build(s_lines, name: "n", headerCrc: true);
        gz[12] ^= 0x01;

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(gz, 3));

        Assert.StartsWith("gzip: member 1 (at byte 0) has a header CRC 0x", error.Message);
        Assert.EndsWith("(byte 12)", error.Message);
    }

    [Theory]
    [InlineData(2, 7, "has compression method 7; gzip defines only 8 (deflate)")]
    [InlineData(3, 0x20, "sets reserved header flag bits 0x20, which RFC 1952 requires to be zero")]
    public async Task A_header_gzip_does_not_define_is_refused(int at, byte value, string what)
    {
        byte[] first = GzipMember.Build(s_lines);
        byte[] second = GzipMember.Build(s_lines);
        second[at] = value;

        InputFormatException error = await Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync([.. first, .. second], 100_000));

        Assert.Equal($"gzip: member 2 (at byte {first.Length}) {what} (byte {first.Length + at})", error.Message);
    }

    private static async Task<byte[]> ReadAllAsync(byte[] gz, int step)
    {
        await using var reader = new GzipInputStream(new TrickleStream(gz, step));
        var output = new MemoryStream();
        await reader.CopyToAsync(output);
        return output.ToArray();
    }
}
