using System.Text;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Splitting;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Processing;

public class ChunkProcessorTests
{
    [Fact]
    public async Task Publishes_the_valid_records_of_its_range_and_skips_the_rejected()
    {
        const string text = "{\"id\":1}\n{\"id\":\"x\"}\n{\"id\":3}\n{\"id\":4}\n{\"id\":5}\n";
        (ChunkPlan plan, byte[] data) = await Plan(text, InputFormat.JsonLines, chunkRecords: 3);
        ChunkPlanEntry first = plan.Chunks[0];
        var sink = new RecordingSink();

        ChunkCounts counts = await Process(plan, first, data, sink, new ProcessOptions());

        Assert.Equal(new ChunkCounts(3, 2, 1), counts);
        Assert.Equal([("run-1:0", "{\"id\":1}", 0L), ("run-1:2", "{\"id\":3}", 2L)], sink.Messages);
        Assert.True(sink.Completed);
    }

    [Fact]
    public async Task Key_comes_from_the_configured_field_or_the_identity()
    {
        const string text = "{\"id\":7,\"name\":\"seven\"}\n{\"id\":8}\n";
        (ChunkPlan plan, byte[] data) = await Plan(text, InputFormat.JsonLines, chunkRecords: 10);
        var sink = new RecordingSink();

        await Process(plan, plan.Chunks[0], data, sink, new ProcessOptions { KeyField = "name" });

        Assert.Equal(["seven", "run-1:1"], sink.Messages.Select(m => m.Key));
    }

    [Fact]
    public async Task Csv_rows_become_typed_json_objects()
    {
        const string text = "id,name\n1,\"Smith, J\"\n2,\"\"\n3,\n";
        (ChunkPlan plan, byte[] data) = await Plan(text, InputFormat.Csv, chunkRecords: 10);
        var sink = new RecordingSink();

        await Process(plan, plan.Chunks[0], data, sink, new ProcessOptions { KeyField = "id" });

        Assert.Equal(
            [("1", "{\"id\":1,\"name\":\"Smith, J\"}", 0L), ("2", "{\"id\":2,\"name\":\"\"}", 1L), ("3", "{\"id\":3}", 2L)],
            sink.Messages);
    }

    [Fact]
    public async Task The_worker_reads_csv_quotes_as_the_plan_says()
    {
        const string text = "id,name\n1,ab\"c\n2,\"ok\"\n3,\"x\"y\n";
        (ChunkPlan plan, byte[] data) = await Plan(text, InputFormat.Csv with { Quotes = CsvQuotes.Strict }, chunkRecords: 10);
        var sink = new RecordingSink();

        ChunkCounts counts = await Process(plan, plan.Chunks[0], data, sink, new ProcessOptions());

        Assert.Equal(new ChunkCounts(3, 1, 2), counts);
        Assert.Equal([1L], sink.Messages.Select(m => m.Index));

        // Read leniently, the same bytes hold no reject: a worker that validates again must not guess, it fails instead.
        var error = await Assert.ThrowsAsync<ChunkDataException>(
            () => Process(plan with { CsvQuotes = CsvQuotesText.Lenient }, plan.Chunks[0], data, new RecordingSink(), new ProcessOptions { Revalidate = true }));
        Assert.Contains("this read found 3 (0 rejected)", error.Message);
    }

    [Fact]
    public async Task An_unknown_csv_quotes_value_in_the_plan_fails_the_chunk()
    {
        (ChunkPlan plan, byte[] data) = await Plan("id,name\n1,a\n", InputFormat.Csv, chunkRecords: 10);

        var error = await Assert.ThrowsAsync<ChunkDataException>(
            () => Process(plan with { CsvQuotes = "loose" }, plan.Chunks[0], data, new RecordingSink(), new ProcessOptions()));

        Assert.Contains("csvQuotes is 'loose', expected lenient|strict", error.Message);
    }

    [Fact]
    public async Task Bytes_that_no_longer_match_the_plan_fail_the_chunk()
    {
        (ChunkPlan plan, byte[] data) = await Plan("{\"id\":1}\n{\"id\":2}\n", InputFormat.JsonLines, chunkRecords: 10);
        byte[] changed = Encoding.UTF8.GetBytes("{\"id\":1}\n{\"id\":\"2\"}");
        ChunkPlanEntry unhashed = plan.Chunks[0] with { ContentHashes = null, HashBlockBytes = null, RejectedIndices = null };

        var hashed = await Assert.ThrowsAsync<ObjectChangedException>(() => Process(plan, plan.Chunks[0], changed, new RecordingSink(), new ProcessOptions()));
        // A plan written before the hashes: only the counts can tell.
        var counted = await Assert.ThrowsAsync<ChunkDataException>(() => Process(plan, unhashed, changed, new RecordingSink(), new ProcessOptions()));

        Assert.StartsWith("object changed: ", hashed.Message);
        Assert.Contains("2 records (0 rejected)", counted.Message);
        Assert.Contains("found 2 (1 rejected)", counted.Message);
    }

    [Fact]
    public async Task A_sink_failure_fails_the_chunk_and_it_is_not_completed()
    {
        string text = string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"id\":{i}}}\n"));
        (ChunkPlan plan, byte[] data) = await Plan(text, InputFormat.JsonLines, chunkRecords: 100);
        var sink = new RecordingSink(failOnBatch: 1);

        await Assert.ThrowsAsync<IOException>(() => Process(plan, plan.Chunks[0], data, sink, new ProcessOptions { BatchMessages = 10 }));

        Assert.False(sink.Completed);
        Assert.Equal(10, sink.Messages.Count);
    }

    [Fact]
    public async Task Large_chunks_go_out_in_batches_in_order()
    {
        string text = string.Concat(Enumerable.Range(0, 2500).Select(i => $"{{\"id\":{i}}}\n"));
        (ChunkPlan plan, byte[] data) = await Plan(text, InputFormat.JsonLines, chunkRecords: 1000);
        var sink = new RecordingSink();
        var progress = new List<long>();

        ChunkPlanEntry second = plan.Chunks[1];
        await Process(plan, second, data, sink, new ProcessOptions { BatchMessages = 300 }, progress);

        Assert.Equal(Enumerable.Range(1000, 1000).Select(i => (long)i), sink.Messages.Select(m => m.Index));
        Assert.Equal([300L, 600L, 900L, 1000L], progress);
    }

    internal static async Task<(ChunkPlan Plan, byte[] Data)> Plan(string text, InputFormat format, int chunkRecords)
    {
        byte[] data = Encoding.UTF8.GetBytes(text);
        SplitOutcome outcome = await SplitterTests.Split(data, format, chunkRecords);
        var plan = new ChunkPlan
        {
            RunId = "run-1",
            Source = new ObjectLocation("bucket", "key"),
            SourceVersion = "v1",
            SourceSize = data.Length,
            Format = format.Format == RecordFormat.Csv ? RecordFormat.Csv : RecordFormat.JsonLines,
            Delimiter = ",",
            CsvQuotes = CsvQuotesText.Name(format.Quotes),
            Header = outcome.Header,
            Schema = TestSchemas.IdAndName.Name,
            ChunkRecords = chunkRecords,
            MaxRecordBytes = 1 << 20,
            TotalRecords = outcome.TotalRecords,
            ValidRecords = outcome.ValidRecords,
            RejectedRecords = outcome.RejectedRecords,
            Chunks = outcome.Chunks,
        };
        return (plan, data);
    }

    private static Task<ChunkCounts> Process(ChunkPlan plan, ChunkPlanEntry chunk, byte[] data, IRecordSink sink, ProcessOptions options, List<long>? progress = null)
    {
        byte[] range = data[(int)chunk.ByteStart..(int)Math.Min(chunk.ByteEnd, data.Length)];
        if (data.Length < chunk.ByteEnd)
        {
            range = data[(int)chunk.ByteStart..];
        }

        Func<long, CancellationToken, ValueTask>? onBatch = progress is null ? null : (published, _) =>
        {
            progress.Add(published);
            return ValueTask.CompletedTask;
        };
        return new ChunkProcessor(plan, TestSchemas.IdAndName, options).ProcessAsync(chunk, new MemoryStream(range), sink, onBatch, CancellationToken.None);
    }
}
