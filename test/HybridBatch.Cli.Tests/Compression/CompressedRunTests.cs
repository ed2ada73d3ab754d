using System.Text.Json;

namespace HybridBatch.Cli.Tests.Compression;

/// <summary>
/// <c>hybridbatch run</c> on compressed inputs, the same cases for each codec (a subclass says how to compress and
/// what the reader must say): a whole stream of several members or frames publishes every record, CSV included, and
/// a file <c>generate</c> compresses reads back; a damaged one, named after issue 12's reproductions, fails the gate
/// (exit 3), publishes nothing, names the compressed byte offset, and prints no .NET stack trace.
/// </summary>
public abstract class CompressedRunTests : IDisposable
{
    protected const int Records = 3000;
    private readonly TempFolder _folder = new();

    /// <summary>The file name ending that selects the codec, such as <c>.gz</c>.</summary>
    protected abstract string Extension { get; }

    /// <summary>One whole member or frame of <paramref name="content"/>, with the codec's integrity check.</summary>
    protected abstract byte[] Compress(byte[] content);

    /// <summary>
    /// One member or frame, flushed after <paramref name="flushAt"/> bytes of content: a cut at the returned offset
    /// leaves compressed data that decompresses to exactly that content, yet the stream is not whole.
    /// </summary>
    protected abstract (byte[] Bytes, int FlushedAt) CompressWithFlush(byte[] content, int flushAt);

    /// <summary>The reference decompressor (not this project's reader), to check what <c>generate</c> wrote.</summary>
    protected abstract byte[] Decompress(byte[] compressed);

    /// <summary>Two compressed parts joined as the codec allows (a zstd stream may also hold a skippable frame).</summary>
    protected abstract byte[] Join(byte[] first, byte[] second);

    /// <summary>What the reader says of a stream that ends at <paramref name="cut"/> inside compressed data.</summary>
    protected abstract string[] TruncatedInData(int cut);

    /// <summary>What the reader says of a stream cut where a flush ended the compressed data at <paramref name="cut"/>.</summary>
    protected abstract string[] TruncatedAtFlush(int cut);

    /// <summary>The whole stream with its first block's compressed data damaged, and what the reader says.</summary>
    protected abstract (byte[] Damaged, string[] Expected) CorruptData(byte[] whole);

    /// <summary>The whole stream with its content checksum damaged, and what the reader says.</summary>
    protected abstract (byte[] Damaged, string[] Expected) BadChecksum(byte[] whole);

    /// <summary>What the reader says of "garbage" after a whole stream of <paramref name="end"/> bytes.</summary>
    protected abstract string TrailingGarbage(int end);

    /// <summary>What the reader says of plain JSON Lines that start with <c>{"order_</c>.</summary>
    protected abstract string NotThisCodec { get; }

    [Fact]
    public async Task A_whole_stream_of_two_parts_publishes_every_record()
    {
        byte[] orders = await OrdersAsync();
        int split = IndexAfterLine(orders, 1000);

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(Join(Compress(orders[..split]), Compress(orders[split..])));

        Assert.True(exitCode == 0, log + output);
        Assert.Equal(Records, report.GetProperty("totalRecords").GetInt64());
        Assert.Equal(Records, report.GetProperty("published").GetInt64());
    }

    [Fact]
    public async Task A_compressed_csv_publishes_every_row()
    {
        byte[] csv = "id,name\n1,a\n2,\"b, c\"\n3,\"line\nbreak\"\n"u8.ToArray();
        string input = _folder.File("people.csv" + Extension);
        await File.WriteAllBytesAsync(input, Compress(csv));
        string schema = _folder.File("people.schema.json");
        await File.WriteAllTextAsync(schema, """{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}},"required":["id","name"]}""");
        string outFolder = _folder.File("out-csv");

        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", schema, "--chunk-records", "2", "--out", outFolder);

        Assert.True(exitCode == 0, log + output);
        Assert.Equal(3, (await ReportAsync(outFolder)).GetProperty("published").GetInt64());
    }

    [Fact]
    public async Task Generate_writes_a_file_the_reference_reads_and_run_publishes()
    {
        string input = _folder.File("generated.jsonl" + Extension);
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", "2000", "--invalid-rate", "0", "--seed", "3", "--out", input);
        Assert.True(generated == 0, generateLog);
        Assert.Equal(2000, Decompress(await File.ReadAllBytesAsync(input)).Count(b => b == (byte)'\n'));
        string outFolder = _folder.File("out-generated");

        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", "orders", "--chunk-records", "500", "--out", outFolder);

        Assert.True(exitCode == 0, log + output);
        Assert.Equal(2000, (await ReportAsync(outFolder)).GetProperty("published").GetInt64());
    }

    [Fact]
    public async Task A_stream_cut_in_half_fails_the_run_and_names_the_offset()
    {
        byte[] whole = await WholeAsync();
        int cut = whole.Length / 2;

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(whole[..cut]);

        AssertFailedClosed(exitCode, output, log, report, TruncatedInData(cut));
    }

    [Fact]
    public async Task A_stream_cut_at_a_record_boundary_fails_the_run()
    {
        // A flush after record 1500 makes a cut there decompress to exactly 1500 whole records.
        byte[] orders = await OrdersAsync();
        (byte[] flushed, int flushedAt) = CompressWithFlush(orders, IndexAfterLine(orders, Records / 2));

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(flushed[..flushedAt]);

        AssertFailedClosed(exitCode, output, log, report, TruncatedAtFlush(flushedAt));
    }

    [Fact]
    public async Task Corrupt_compressed_data_exits_3_with_a_message_and_no_stack_trace()
    {
        (byte[] damaged, string[] expected) = CorruptData(await WholeAsync());

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(damaged);

        AssertFailedClosed(exitCode, output, log, report, expected);
    }

    [Fact]
    public async Task A_bad_checksum_exits_3_with_a_message_and_no_stack_trace()
    {
        (byte[] damaged, string[] expected) = BadChecksum(await WholeAsync());

        (int exitCode, string output, string log, JsonElement report) = await RunAsync(damaged);

        AssertFailedClosed(exitCode, output, log, report, expected);
    }

    [Fact]
    public async Task Trailing_bytes_after_the_last_part_fail_the_run()
    {
        byte[] whole = await WholeAsync();

        (int exitCode, string output, string log, JsonElement report) = await RunAsync([.. whole, .. "garbage"u8]);

        AssertFailedClosed(exitCode, output, log, report, TrailingGarbage(whole.Length));
    }

    [Fact]
    public async Task Plain_text_named_as_compressed_says_it_is_not()
    {
        (int exitCode, string output, string log, JsonElement report) = await RunAsync(await OrdersAsync());

        AssertFailedClosed(exitCode, output, log, report, NotThisCodec);
    }

    protected static void AssertFailedClosed(int exitCode, string output, string log, JsonElement report, params string[] expected)
    {
        Assert.True(exitCode == 3, $"exit {exitCode}\n{log}\n{output}");
        Assert.Equal("validation_failed", report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("published").GetInt64());
        foreach (string part in expected)
        {
            Assert.Contains(part, output);
        }

        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("   at ", log);
    }

    /// <summary>Runs <c>hybridbatch run</c> on <paramref name="compressed"/> as orders JSON Lines.</summary>
    protected async Task<(int ExitCode, string Out, string Log, JsonElement Report)> RunAsync(byte[] compressed)
    {
        string input = _folder.File("orders.jsonl" + Extension);
        await File.WriteAllBytesAsync(input, compressed);
        string outFolder = _folder.File("out");
        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", "orders", "--chunk-records", "1000", "--out", outFolder);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        Assert.True(exitCode == 0 || !Directory.Exists(Path.Combine(runFolder, "output")), "a failed run published records");
        return (exitCode, output, log, await ReportAsync(outFolder));
    }

    protected async Task<byte[]> WholeAsync() => Compress(await OrdersAsync());

    /// <summary>The generator's valid orders: any failure below is the compressed reader's, not the records'.</summary>
    private async Task<byte[]> OrdersAsync()
    {
        string plain = _folder.File("orders.jsonl");
        (int exitCode, _, string log) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", Records.ToString(), "--invalid-rate", "0", "--seed", "12", "--out", plain);
        Assert.True(exitCode == 0, log);
        return await File.ReadAllBytesAsync(plain);
    }

    private static async Task<JsonElement> ReportAsync(string outFolder)
    {
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "report.json")));
        return report.RootElement.Clone();
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

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
