using System.Text.Json;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// <c>hybridbatch run</c> on .zst inputs, one case for each of <see cref="GzipRunTests"/>: a whole stream of several
/// frames publishes every record; a damaged one fails the gate (exit 3), publishes nothing, names the compressed
/// byte offset, and prints no .NET stack trace. Also for CSV, which the gzip tests cover only through JSON Lines.
/// </summary>
public sealed class ZstdRunTests : IDisposable
{
    private const int Records = 3000;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_whole_zst_of_two_frames_and_a_skippable_frame_publishes_every_record()
    {
        byte[] orders = await OrdersAsync();
        int split = IndexAfterLine(orders, 1000);
        byte[] skippable = [0x5E, 0x2A, 0x4D, 0x18, 2, 0, 0, 0, (byte)'h', (byte)'i'];

        (int exitCode, string output, string log, JsonElement report) = await RunAsync([.. Compress(orders[..split]), .. skippable, .. Compress(orders[split..])]);

        Assert.True(exitCode == 0, log + output);
        Assert.Equal(Records, report.GetProperty("totalRecords").GetInt64());
        Assert.Equal(Records, report.GetProperty("published").GetInt64());
    }

    [Fact]
    public async Task A_zst_csv_publishes_every_row()
    {
        byte[] csv = "id,name\n1,a\n2,\"b, c\"\n3,\"line\nbreak\"\n"u8.ToArray();
        string input = _folder.File("people.csv.zst");
        await File.WriteAllBytesAsync(input, Compress(csv));
        string schema = _folder.File("people.schema.json");
        await File.WriteAllTextAsync(schema, """{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}},"required":["id","name"]}""");
        string outFolder = _folder.File("out-csv");

        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", schema, "--chunk-records", "2", "--out", outFolder);

        Assert.True(exitCode == 0, log + output);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "report.json")));
        Assert.Equal(3, report.RootElement.GetProperty("published").GetInt64());
    }

    [Fact]
    public async Task Generate_writes_a_zst_that_zstd_reads_and_run_publishes()
    {
        string input = _folder.File("generated.jsonl.zst");
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", "2000", "--invalid-rate", "0", "--seed", "3", "--out", input);
        Assert.True(generated == 0, generateLog);
        using (var reader = new DecompressionStream(File.OpenRead(input), leaveOpen: false))
        {
            var plain = new MemoryStream();
            await reader.CopyToAsync(plain);
            Assert.Equal(2000, plain.ToArray().Count(b => b == (byte)'\n'));
        }

        string outFolder = _folder.File("out-generated");
        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", "orders", "--chunk-records", "500", "--out", outFolder);

        Assert.True(exitCode == 0, log + output);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "report.json")));
        Assert.Equal(2000, report.RootElement.GetProperty("published").GetInt64());
    }

    [Fact]
    public async Task A_zst_cut_in_half_fails_the_run_and_names_the_offset()
    {
        byte[] zst = await WholeAsync();
        int cut = zst.Length / 2;

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(zst[..cut]);

        AssertFailedClosed(exitCode, output, log, report, $"zstd: the stream is truncated: the input ends at byte {cut} inside the data of block ");
        Assert.Contains("of frame 1 (at byte 0)", output);
    }

    [Fact]
    public async Task A_zst_cut_at_a_record_boundary_fails_the_run()
    {
        // A flush after record 1500 ends a block there: a cut at that point decompresses to exactly 1500 whole records.
        byte[] orders = await OrdersAsync();
        var compressed = new MemoryStream();
        int flushedAt;
        using (var compress = new CompressionStream(compressed, level: 3, leaveOpen: true))
        {
            compress.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            int split = IndexAfterLine(orders, Records / 2);
            compress.Write(orders, 0, split);
            compress.Flush();
            flushedAt = (int)compressed.Length;
            compress.Write(orders, split, orders.Length - split);
        }

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(compressed.ToArray()[..flushedAt]);

        AssertFailedClosed(exitCode, output, log, report, $"zstd: the stream is truncated: the input ends at byte {flushedAt} inside the header of block ");
    }

    [Fact]
    public async Task Corrupt_block_data_exits_3_with_a_message_and_no_stack_trace()
    {
        byte[] zst = await WholeAsync();
        zst[HeaderLength(zst) + 3] ^= 0xFF; // the first compressed block's literals section header

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(zst);

        AssertFailedClosed(exitCode, output, log, report, "zstd: corrupt data in frame 1 (at byte 0), detected in compressed bytes 0-");
    }

    [Fact]
    public async Task A_bad_content_checksum_exits_3_with_a_message_and_no_stack_trace()
    {
        byte[] zst = await WholeAsync();
        zst[^2] ^= 0x5A;

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(zst);

        AssertFailedClosed(exitCode, output, log, report, $"zstd: content checksum mismatch in frame 1 (at byte 0): the checksum at byte {zst.Length - 4} does not match the decompressed data");
    }

    [Fact]
    public async Task Trailing_bytes_after_the_last_frame_fail_the_run()
    {
        byte[] zst = await WholeAsync();

        (int exitCode, string output, string log, JsonElement report) = await RunAsync([.. zst, .. "garbage"u8]);

        AssertFailedClosed(exitCode, output, log, report,
            $"zstd: trailing bytes after the end of frame 1 at byte {zst.Length} are not another zstd frame (they start with 67 61 72 62 61 67 65)");
    }

    [Fact]
    public async Task Plain_text_named_zst_says_it_is_not_zstd()
    {
        (int exitCode, string output, string log, JsonElement report) = await RunAsync(await OrdersAsync());

        AssertFailedClosed(exitCode, output, log, report, "zstd: the input is named .zst but starts with bytes 7B 22 6F 72 64 65 72 5F, which are not zstd (28 b5 2f fd)");
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

    private async Task<(int ExitCode, string Out, string Log, JsonElement Report)> RunAsync(byte[] zst)
    {
        string input = _folder.File("orders.jsonl.zst");
        await File.WriteAllBytesAsync(input, zst);
        string outFolder = _folder.File("out");
        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", "orders", "--chunk-records", "1000", "--out", outFolder);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        Assert.True(exitCode == 0 || !Directory.Exists(Path.Combine(runFolder, "output")), "a failed run published records");
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "report.json")));
        return (exitCode, output, log, report.RootElement.Clone());
    }

    private async Task<byte[]> WholeAsync() => Compress(await OrdersAsync());

    /// <summary>The generator's valid orders: any failure below is the zstd reader's, not the records'.</summary>
    private async Task<byte[]> OrdersAsync()
    {
        string plain = _folder.File("orders.jsonl");
        (int exitCode, _, string log) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", Records.ToString(), "--invalid-rate", "0", "--seed", "12", "--out", plain);
        Assert.True(exitCode == 0, log);
        return await File.ReadAllBytesAsync(plain);
    }

    private static byte[] Compress(byte[] content)
    {
        using var compressor = new Compressor(3);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        return compressor.Wrap(content).ToArray();
    }

    /// <summary>RFC 8878 section 3.1.1.1: the frame header's length from its descriptor byte.</summary>
    private static int HeaderLength(byte[] frame)
    {
        byte descriptor = frame[4];
        bool singleSegment = (descriptor & 0x20) != 0;
        int dictionary = (descriptor & 3) == 3 ? 4 : descriptor & 3;
        int size = (descriptor >> 6) switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        return 5 + (singleSegment ? 0 : 1) + dictionary + size;
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
