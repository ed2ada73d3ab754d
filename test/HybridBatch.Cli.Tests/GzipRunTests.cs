using System.IO.Compression;
using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// <c>hybridbatch run</c> on damaged .gz inputs, named after issue 12's reproductions: each fails the gate (exit 3),
/// publishes nothing, names the compressed byte offset, and prints no .NET stack trace.
/// </summary>
public sealed class GzipRunTests : IDisposable
{
    private const int Records = 3000;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_whole_gz_of_two_members_publishes_every_record()
    {
        byte[] orders = await OrdersAsync();
        int split = IndexAfterLine(orders, 1000);
        (byte[] first, _) = Compress(orders[..split], flushAt: null);
        (byte[] second, _) = Compress(orders[split..], flushAt: null);

        (int exitCode, string output, string log, JsonElement report) = await RunAsync([.. first, .. second]);

        Assert.True(exitCode == 0, log + output);
        Assert.Equal(Records, report.GetProperty("totalRecords").GetInt64());
        Assert.Equal(Records, report.GetProperty("published").GetInt64());
    }

    [Fact]
    public async Task A_gz_cut_in_half_fails_the_run_and_names_the_offset()
    {
        byte[] gz = await WholeAsync();
        int cut = gz.Length / 2;

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(gz[..cut]);

        AssertFailedClosed(exitCode, output, log, report,
            $"gzip: the stream is truncated: the input ends at byte {cut} inside the deflate data of member 1 (at byte 0)");
    }

    [Fact]
    public async Task A_gz_cut_at_a_record_boundary_fails_the_run()
    {
        // A sync flush after record 1500 makes a cut there decompress to exactly 1500 whole records.
        (byte[] gz, int flushedAt) = Compress(await OrdersAsync(), flushAt: Records / 2);

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(gz[..flushedAt]);

        AssertFailedClosed(exitCode, output, log, report,
            $"gzip: the stream is truncated: the input ends at byte {flushedAt} inside the deflate data of member 1 (at byte 0)");
    }

    [Fact]
    public async Task Corrupt_deflate_data_exits_3_with_a_message_and_no_stack_trace()
    {
        byte[] gz = await WholeAsync();
        gz[10] = 0xFF; // the first deflate block's type becomes 11, which RFC 1951 reserves

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(gz);

        AssertFailedClosed(exitCode, output, log, report, "gzip: corrupt deflate data in member 1 (at byte 0), detected near byte ");
        Assert.Contains("invalid block type", output);
    }

    [Fact]
    public async Task A_bad_crc_exits_3_with_a_message_and_no_stack_trace()
    {
        byte[] gz = await WholeAsync();
        gz[^8] ^= 0x5A;

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(gz);

        AssertFailedClosed(exitCode, output, log, report, $"gzip: CRC-32 mismatch in member 1 (at byte 0): the trailer at byte {gz.Length - 8} says 0x");
    }

    [Fact]
    public async Task A_wrong_isize_exits_3_with_a_message_and_no_stack_trace()
    {
        byte[] gz = await WholeAsync();
        gz[^1] ^= 0x01;

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(gz);

        AssertFailedClosed(exitCode, output, log, report, $"gzip: length mismatch in member 1 (at byte 0): the trailer at byte {gz.Length - 4} says ");
    }

    [Fact]
    public async Task Trailing_bytes_after_the_last_member_fail_the_run()
    {
        byte[] gz = await WholeAsync();

        (int exitCode, string output, string log, JsonElement report) = await RunAsync([.. gz, .. "garbage"u8]);

        AssertFailedClosed(exitCode, output, log, report,
            $"gzip: trailing bytes after the end of member 1 at byte {gz.Length} are not another gzip member (they start with 67 61 72 62 61 67 65)");
    }

    [Fact]
    public async Task Plain_text_named_gz_says_it_is_not_gzip()
    {
        (int exitCode, string output, string log, JsonElement report) = await RunAsync(await OrdersAsync());

        AssertFailedClosed(exitCode, output, log, report, "gzip: the input is named .gz but starts with bytes 7B 22 6F 72 64 65 72 5F, which are not gzip (1f 8b)");
    }

    private static void AssertFailedClosed(int exitCode, string output, string log, JsonElement report, string expected)
    {
        Assert.True(exitCode == 3, $"exit {exitCode}\n{log}\n{output}");
        Assert.Equal("validation_failed", report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("published").GetInt64());
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("   at ", log);
    }

    private async Task<(int ExitCode, string Out, string Log, JsonElement Report)> RunAsync(byte[] gz)
    {
        string input = _folder.File("orders.jsonl.gz");
        await File.WriteAllBytesAsync(input, gz);
        string outFolder = _folder.File("out");
        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", "orders", "--chunk-records", "1000", "--out", outFolder);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        Assert.True(exitCode == 0 || !Directory.Exists(Path.Combine(runFolder, "output")), "a failed run published records");
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "report.json")));
        return (exitCode, output, log, report.RootElement.Clone());
    }

    private async Task<byte[]> WholeAsync() => Compress(await OrdersAsync(), flushAt: null).Bytes;

    /// <summary>The generator's valid orders: any failure below is the gzip reader's, not the records'.</summary>
    private async Task<byte[]> OrdersAsync()
    {
        string plain = _folder.File("orders.jsonl");
        (int exitCode, _, string log) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", Records.ToString(), "--invalid-rate", "0", "--seed", "12", "--out", plain);
        Assert.True(exitCode == 0, log);
        return await File.ReadAllBytesAsync(plain);
    }

    /// <summary>Compresses <paramref name="content"/>; with <paramref name="flushAt"/>, a sync flush after that many lines, returning where it ended.</summary>
    private static (byte[] Bytes, int FlushedAt) Compress(byte[] content, int? flushAt)
    {
        var compressed = new MemoryStream();
        int flushedAt = -1;
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            int split = flushAt is int lines ? IndexAfterLine(content, lines) : content.Length;
            gzip.Write(content, 0, split);
            gzip.Flush();
            flushedAt = (int)compressed.Length;
            gzip.Write(content, split, content.Length - split);
        }

        return (compressed.ToArray(), flushedAt);
    }

    private static int IndexAfterLine(byte[] content, int lines)
    {
        int at = 0;
        for (int i = 0; i < lines; i++)
        {
            at = Array.IndexOf(content, (byte)'\n', at) + 1;
        }

        return at;
    }

    public void Dispose() => _folder.Dispose();
}
