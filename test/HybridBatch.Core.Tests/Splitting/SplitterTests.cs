using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Splitting;

public class SplitterTests
{
    [Fact]
    public async Task Cuts_a_chunk_every_n_records_with_contiguous_byte_ranges()
    {
        string text = string.Concat(Enumerable.Range(0, 7).Select(i => $"{{\"id\":{i}}}\n"));

        SplitOutcome outcome = await Split(text, InputFormat.JsonLines, chunkRecords: 3);

        Assert.Equal([3L, 3L, 1L], outcome.Chunks.Select(c => c.Records));
        Assert.Equal([0L, 3L, 6L], outcome.Chunks.Select(c => c.StartIndex));
        Assert.Equal([3L, 6L, 7L], outcome.Chunks.Select(c => c.EndIndex));
        Assert.Equal(0L, outcome.Chunks[0].ByteStart);
        Assert.Equal(outcome.Chunks[0].ByteEnd, outcome.Chunks[1].ByteStart);
        Assert.Equal(outcome.Chunks[1].ByteEnd, outcome.Chunks[2].ByteStart);
        Assert.Equal(text.Length, outcome.Chunks[2].ByteEnd);
        Assert.Equal([1L, 4L, 7L], outcome.Chunks.Select(c => c.FirstLine));
        Assert.Equal(7L, outcome.TotalRecords);
        Assert.Equal(7L, outcome.ValidRecords);
    }

    [Fact]
    public async Task Rejects_say_where_and_why_and_are_counted_per_chunk()
    {
        const string text = "{\"id\":1}\n{\"id\":\"two\"}\n\n{\"id\":3,\"x\":1}\n{bad\n{\"id\":5}\n";
        var rejects = new MemoryStream();

        SplitOutcome outcome = await Split(text, InputFormat.JsonLines, chunkRecords: 2, rejects: rejects);

        Assert.Equal(5L, outcome.TotalRecords);
        Assert.Equal(2L, outcome.ValidRecords);
        Assert.Equal(3L, outcome.RejectedRecords);
        Assert.Equal([1L, 2L, 0L], outcome.Chunks.Select(c => c.Rejected));
        string[] lines = Encoding.UTF8.GetString(rejects.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.Equal(1, first.RootElement.GetProperty("index").GetInt64());
        Assert.Equal(2, first.RootElement.GetProperty("line").GetInt64());
        Assert.Equal(9, first.RootElement.GetProperty("byteOffset").GetInt64());
        Assert.Equal("id", first.RootElement.GetProperty("field").GetString());
        Assert.Equal("{\"id\":\"two\"}", first.RootElement.GetProperty("raw").GetString());
        Assert.Equal([2L, 4L, 5L], outcome.FirstErrors.Select(e => e.Line));
        Assert.Equal(3L, outcome.ReasonCounts.Values.Sum());
    }

    [Fact]
    public async Task Raw_text_of_a_rejected_record_is_cut_to_the_limit()
    {
        string text = "{\"id\":\"" + new string('x', 2000) + "\"}\n";
        var rejects = new MemoryStream();

        await Split(text, InputFormat.JsonLines, chunkRecords: 10, rejects: rejects, maxRaw: 100);

        using JsonDocument reject = JsonDocument.Parse(Encoding.UTF8.GetString(rejects.ToArray()).TrimEnd());
        Assert.Equal(100, reject.RootElement.GetProperty("raw").GetString()!.Length);
    }

    [Fact]
    public async Task Csv_header_is_not_a_record_and_ranges_start_after_it()
    {
        const string text = "id,name\r\n1,\"a,b\"\r\n2,\"multi\r\nline\"\r\nx,c\r\n";

        SplitOutcome outcome = await Split(text, InputFormat.Csv, chunkRecords: 2);

        Assert.Equal(["id", "name"], outcome.Header!);
        Assert.Equal(3L, outcome.TotalRecords);
        Assert.Equal(1L, outcome.RejectedRecords);
        Assert.Equal(9L, outcome.Chunks[0].ByteStart);
        Assert.Equal(2L, outcome.Chunks[0].FirstLine);
        Assert.Equal(5L, outcome.Chunks[1].FirstLine);
        Assert.Equal("id: expected integer, got 'x'", outcome.FirstErrors.Single().Field + ": " + outcome.FirstErrors.Single().Reason);
    }

    [Fact]
    public async Task Csv_bom_before_the_header_is_not_part_of_the_first_column_name()
    {
        byte[] data = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("id,name\n1,a\n")];

        SplitOutcome outcome = await Split(data, InputFormat.Csv, chunkRecords: 5);

        Assert.Equal(["id", "name"], outcome.Header!);
        Assert.Equal(1L, outcome.ValidRecords);
        Assert.Equal(11L, outcome.Chunks[0].ByteStart);
    }

    [Fact]
    public async Task Csv_row_with_invalid_utf8_is_rejected_with_its_offset()
    {
        byte[] data = [.. Encoding.UTF8.GetBytes("id,name\n1,ok\n2,b"), 0xFF, .. Encoding.UTF8.GetBytes("d\n3,ok\n")];

        SplitOutcome outcome = await Split(data, InputFormat.Csv, chunkRecords: 5);

        RejectedRecord rejected = Assert.Single(outcome.FirstErrors);
        Assert.Equal((1L, 3L, 13L), (rejected.Index, rejected.Line, rejected.ByteOffset));
        Assert.Equal("invalid UTF-8 at byte 3 of the record", rejected.Reason);
        Assert.Equal(2L, outcome.ValidRecords);
    }

    [Fact]
    public async Task Empty_csv_is_a_structural_error()
    {
        SplitOutcome outcome = await Split("", InputFormat.Csv, chunkRecords: 2);

        Assert.Contains(outcome.StructuralErrors, e => e.Contains("header", StringComparison.Ordinal));
        Assert.Empty(outcome.Chunks);
    }

    [Fact]
    public async Task Csv_header_that_does_not_fit_the_schema_is_structural_and_records_are_still_counted()
    {
        SplitOutcome outcome = await Split("name,colour\na,red\nb,blue\n", InputFormat.Csv, chunkRecords: 2);

        string error = Assert.Single(outcome.StructuralErrors);
        Assert.Contains("line 1", error);
        Assert.Equal(2L, outcome.TotalRecords);
        Assert.Empty(outcome.Chunks);
    }

    [Fact]
    public async Task Empty_json_lines_file_has_no_chunks_and_no_errors()
    {
        SplitOutcome outcome = await Split("\n\n", InputFormat.JsonLines, chunkRecords: 2);

        Assert.Empty(outcome.Chunks);
        Assert.Empty(outcome.StructuralErrors);
        Assert.Equal(0L, outcome.TotalRecords);
    }

    [Fact]
    public async Task Staging_receives_exactly_each_chunks_byte_range()
    {
        string text = "\uFEFF" + string.Concat(Enumerable.Range(0, 10).Select(i => i % 4 == 0 ? $"\n{{\"id\":{i}}}\r\n" : $"{{\"id\":{i}}}\n"));
        byte[] data = Encoding.UTF8.GetBytes(text);
        var staging = new MemoryStaging();

        SplitOutcome outcome = await Split(data, InputFormat.JsonLines, chunkRecords: 3, staging: staging, readSize: 16);

        Assert.Equal(4, outcome.Chunks.Count);
        foreach (ChunkPlanEntry chunk in outcome.Chunks)
        {
            Assert.Equal(data[(int)chunk.ByteStart..(int)chunk.ByteEnd], staging.Staged[chunk.ChunkId]);
            Assert.Equal($"staged/{chunk.ChunkId}", chunk.StagedKey);
        }
    }

    [Fact]
    public async Task Staging_keeps_an_over_long_record_with_its_chunk()
    {
        string longLine = "{\"id\":\"" + new string('x', 300) + "\"}";
        string text = $"{{\"id\":1}}\n{longLine}\n{{\"id\":2}}\n{{\"id\":3}}\n";
        byte[] data = Encoding.UTF8.GetBytes(text);
        var staging = new MemoryStaging();

        SplitOutcome outcome = await Split(data, InputFormat.JsonLines, chunkRecords: 2, staging: staging, readSize: 16, maxRecordBytes: 64);

        Assert.Equal([1L, 0L], outcome.Chunks.Select(c => c.Rejected));
        foreach (ChunkPlanEntry chunk in outcome.Chunks)
        {
            Assert.Equal(data[(int)chunk.ByteStart..(int)chunk.ByteEnd], staging.Staged[chunk.ChunkId]);
        }
    }

    internal static Task<SplitOutcome> Split(string text, InputFormat format, int chunkRecords, Stream? rejects = null, int maxRaw = 512) =>
        Split(Encoding.UTF8.GetBytes(text), format, chunkRecords, rejects, maxRaw: maxRaw);

    internal static async Task<SplitOutcome> Split(byte[] data, InputFormat format, int chunkRecords, Stream? rejects = null, IChunkStaging? staging = null, int readSize = 1 << 20, int maxRecordBytes = 1 << 20, int maxRaw = 512, int step = int.MaxValue)
    {
        var options = new SplitOptions
        {
            ChunkRecords = chunkRecords,
            MaxRejectRawBytes = maxRaw,
            Scanner = new RecordScannerOptions { ReadSize = readSize, MaxRecordBytes = maxRecordBytes },
        };
        var splitter = new Splitter(TestSchemas.IdAndName, format, options);
        return await splitter.SplitAsync(new TrickleStream(data, step), rejects ?? Stream.Null, staging, CancellationToken.None);
    }
}
