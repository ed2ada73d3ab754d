using System.IO.Compression;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Aggregation;

/// <summary>The use cases together over an in-memory store: split, process every chunk, aggregate.</summary>
public class RunFlowTests
{
    private static readonly ObjectLocation s_input = new("in", "drop/orders.jsonl");
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);
    private readonly InMemoryObjectStore _store = new();
    private readonly MemorySinkFactory _sinks = new();

    [Fact]
    public async Task Every_record_is_published_or_rejected_and_the_report_adds_up()
    {
        _store.Put(s_input, Lines(10, invalidEvery: 4));

        SplitSummary summary = await SplitAsync(chunkRecords: 3);
        foreach (int chunk in Enumerable.Range(0, summary.Chunks))
        {
            await ProcessAsync(summary.RunId, chunk);
        }

        RunReport report = await AggregateAsync(summary.RunId);
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal(10, report.TotalRecords);
        Assert.Equal(2, report.Rejected);
        Assert.Equal(8, report.Published);
        Assert.Equal(0, report.NotProcessed);
        Assert.Equal(8, _sinks.Sinks.Values.Sum(s => s.Messages.Count));
        Assert.Equal(4, report.Routes["lambda"].Chunks);
        Assert.NotNull(await _store.StatAsync(new RunLayout("work", summary.RunId).Report, CancellationToken.None));
    }

    [Fact]
    public async Task The_split_stores_its_summary_and_the_chunk_array_the_map_reads()
    {
        _store.Put(s_input, Lines(7));
        SplitSummary summary = await SplitAsync(chunkRecords: 3);
        var layout = new RunLayout("work", summary.RunId);

        ChunkPlanEntry[] items = JsonSerializer.Deserialize<ChunkPlanEntry[]>(_store.Get(layout.ChunkItems), s_web)!;
        SplitSummary stored = JsonSerializer.Deserialize(_store.Get(layout.Summary), HybridBatchJson.Default.SplitSummary)!;

        Assert.Equal([3L, 3L, 1L], items.Select(i => i.Records));
        Assert.Equal(layout.ChunkItems.Key, summary.ChunkItemsKey);
        Assert.Equal(s_input, summary.Source);
        Assert.Equal(summary.RunId, stored.RunId);
        Assert.Equal(summary.SourceVersion, stored.SourceVersion);
        Assert.Equal(7, stored.TotalRecords);
    }

    [Fact]
    public async Task A_chunk_that_already_succeeded_is_not_published_again_but_a_failed_one_is()
    {
        _store.Put(s_input, Lines(6));
        SplitSummary summary = await SplitAsync(chunkRecords: 3);
        ChunkResult first = await ProcessAsync(summary.RunId, 0);
        _sinks.Sinks.Clear();

        ChunkResult again = await ProcessAsync(summary.RunId, 0);

        Assert.Empty(_sinks.Sinks);
        Assert.Equal(first, again);

        // A failed result is no answer: the retry publishes.
        var layout = new RunLayout("work", summary.RunId);
        _store.Put(layout.Result(1), JsonSerializer.SerializeToUtf8Bytes(first with { ChunkId = 1, Status = ChunkStatus.Failed }, HybridBatchJson.Default.ChunkResult));
        ChunkResult retried = await ProcessAsync(summary.RunId, 1);
        Assert.Equal(ChunkStatus.Succeeded, retried.Status);
        Assert.Equal(3, _sinks.Sinks[1].Messages.Count);
    }

    [Fact]
    public async Task Run_id_follows_the_object_version()
    {
        _store.Put(s_input, Lines(3));
        SplitSummary first = await SplitAsync(chunkRecords: 3);
        SplitSummary again = await SplitAsync(chunkRecords: 3);
        _store.Put(s_input, Lines(3));
        SplitSummary changed = await SplitAsync(chunkRecords: 3);

        Assert.Equal(first.RunId, again.RunId);
        Assert.NotEqual(first.RunId, changed.RunId);
        Assert.StartsWith("orders-", first.RunId);
    }

    [Fact]
    public async Task An_object_changed_after_the_split_fails_the_chunk_and_the_run()
    {
        _store.Put(s_input, Lines(6));
        SplitSummary summary = await SplitAsync(chunkRecords: 3);
        await ProcessAsync(summary.RunId, 0);
        _store.Put(s_input, Lines(6));

        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(summary.RunId, 1));
        Assert.StartsWith("object changed", error.Message);

        RunReport report = await AggregateAsync(summary.RunId);
        Assert.Equal(RunStatus.Failed, report.Status);
        Assert.Equal(3, report.Published);
        Assert.Equal(3, report.NotProcessed);
        FailedChunk failed = Assert.Single(report.FailedChunks);
        Assert.Equal(1, failed.ChunkId);
        Assert.Contains("object changed", failed.Error);
        Assert.False(failed.Retryable);
    }

    [Fact]
    public async Task A_resumed_run_reports_reused_chunks_apart_and_its_throughput_counts_only_what_it_published()
    {
        _store.Put(s_input, Lines(9));
        SplitSummary first = await SplitAsync(chunkRecords: 3);
        await ProcessAsync(first.RunId, 0);
        await ProcessAsync(first.RunId, 1);

        // The re-run: a new split of the same plan, then only the chunk still to do.
        SplitSummary again = await SplitAsync(chunkRecords: 3);
        await ProcessAsync(again.RunId, 2);
        RunReport report = await AggregateAsync(again.RunId);

        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal(9, report.Published);
        Assert.Equal(2, report.ChunksReused);
        Assert.Equal(6, report.ReusedRecords);
        Assert.Equal(1, report.ChunksPublishedNow);
        Assert.Equal(3, report.PublishedNow);
        Assert.Equal(3 / report.WallClockSeconds, report.RecordsPerSecond, 6);
    }

    [Fact]
    public async Task A_run_failed_by_a_changed_object_says_what_it_published_before()
    {
        _store.Put(s_input, Lines(9));
        SplitSummary summary = await SplitAsync(chunkRecords: 3);
        await ProcessAsync(summary.RunId, 0);
        await ProcessAsync(summary.RunId, 1);
        _store.Put(s_input, Lines(9));
        await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(summary.RunId, 2));

        RunReport report = await AggregateAsync(summary.RunId);

        Assert.Equal(RunStatus.Failed, report.Status);
        Assert.Equal(6, report.PublishedBeforeObjectChanged);
        Assert.Contains("  published before the object changed: 6 (", ReportTable.Render(report));
    }

    [Fact]
    public async Task A_chunk_that_never_reported_is_not_processed_unless_tolerated()
    {
        _store.Put(s_input, Lines(9));
        SplitSummary summary = await SplitAsync(chunkRecords: 3);
        await ProcessAsync(summary.RunId, 0);
        await ProcessAsync(summary.RunId, 2);

        RunReport strict = await AggregateAsync(summary.RunId);
        RunReport tolerant = await AggregateAsync(summary.RunId, tolerated: 50);

        Assert.Equal(RunStatus.Failed, strict.Status);
        FailedChunk missing = Assert.Single(strict.FailedChunks);
        Assert.Equal(RunLedger.NeverReported, missing.Error);
        Assert.True(missing.Retryable, "a chunk that never reported was cut short from outside: transient, not a data failure");
        Assert.Null(strict.PublishedBeforeObjectChanged);
        Assert.Equal(3, strict.NotProcessed);
        Assert.Equal(RunStatus.Succeeded, tolerant.Status);
        Assert.Equal(strict.TotalRecords, strict.Published + strict.Rejected + strict.NotProcessed);
    }

    [Fact]
    public async Task A_failed_gate_publishes_nothing_and_says_why()
    {
        _store.Put(s_input, Lines(10, invalidEvery: 2));

        SplitSummary summary = await SplitAsync(chunkRecords: 3);
        RunReport report = await AggregateAsync(summary.RunId);

        Assert.False(summary.GatePassed);
        Assert.Contains("error rate", Assert.Single(summary.GateReasons));
        Assert.Equal(RunStatus.ValidationFailed, report.Status);
        Assert.Equal(0, report.Published);
        Assert.Equal(5, report.Rejected);
        Assert.Equal(5, report.NotProcessed);
        Assert.Equal(2, report.FirstErrors[0].Line);
    }

    [Fact]
    public async Task Compressed_input_is_staged_per_chunk_and_processed_from_the_staged_copies()
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Lines(7));
        }

        var input = new ObjectLocation("in", "drop/orders.jsonl.gz");
        _store.Put(input, compressed.ToArray());
        var split = new SplitRun(_store, (store, layout) => new StoreStaging(store, layout), TimeProvider.System);
        SplitResult result = await split.ExecuteAsync(
            new SplitRequest(input, TestSchemas.IdAndName, InputFormat.Detect(input.Key), "work", new SplitOptions { ChunkRecords = 3 }, new GateOptions()),
            CancellationToken.None);

        Assert.All(result.Plan.Chunks, c => Assert.NotNull(c.StagedKey));
        foreach (ChunkPlanEntry chunk in result.Plan.Chunks)
        {
            await ProcessAsync(result.Summary.RunId, chunk.ChunkId);
        }

        RunReport report = await AggregateAsync(result.Summary.RunId);
        Assert.Equal(7, report.Published);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"{{\"id\":{i}}}"),
            _sinks.Sinks.OrderBy(s => s.Key).SelectMany(s => s.Value.Messages).Select(m => m.Value));
    }

    [Fact]
    public async Task Zstd_input_is_staged_per_chunk_and_processed_from_the_staged_copies()
    {
        byte[] lines = Lines(7);
        byte[] zst = [.. ZstdFrames.Compress(lines[..10]), .. ZstdFrames.Skippable([1, 2, 3]), .. ZstdFrames.Compress(lines[10..])];
        var input = new ObjectLocation("in", "drop/orders.jsonl.zst");
        _store.Put(input, zst);
        var split = new SplitRun(_store, (store, layout) => new StoreStaging(store, layout), TimeProvider.System);
        SplitResult result = await split.ExecuteAsync(
            new SplitRequest(input, TestSchemas.IdAndName, InputFormat.Detect(input.Key), "work", new SplitOptions { ChunkRecords = 3 }, new GateOptions()),
            CancellationToken.None);

        Assert.Equal("zstd", result.Plan.Compression);
        Assert.All(result.Plan.Chunks, c => Assert.NotNull(c.StagedKey));
        foreach (ChunkPlanEntry chunk in result.Plan.Chunks)
        {
            await ProcessAsync(result.Summary.RunId, chunk.ChunkId);
        }

        RunReport report = await AggregateAsync(result.Summary.RunId);
        Assert.Equal(7, report.Published);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"{{\"id\":{i}}}"),
            _sinks.Sinks.OrderBy(s => s.Key).SelectMany(s => s.Value.Messages).Select(m => m.Value));
    }

    [Fact]
    public async Task Batch_job_parameters_must_match_the_plan()
    {
        _store.Put(s_input, Lines(6));
        SplitSummary summary = await SplitAsync(chunkRecords: 3);
        var run = new ProcessChunkRun(_store, _sinks, new ProcessOptions(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ChunkDataException>(() => run.ExecuteAsync(
            new ProcessChunkRequest { WorkBucket = "work", RunId = summary.RunId, ChunkId = 1, StartIndex = 2, EndIndex = 6, Route = Route.Batch, Worker = "test" },
            CancellationToken.None));

        Assert.Contains("[3, 6)", error.Message);
        ChunkResult stored = JsonSerializer.Deserialize(_store.Get(new RunLayout("work", summary.RunId).Result(1)), HybridBatchJson.Default.ChunkResult)!;
        Assert.Equal(ChunkStatus.Failed, stored.Status);
    }

    [Fact]
    public async Task A_failed_map_fails_the_run_even_when_every_chunk_result_is_there()
    {
        _store.Put(s_input, Lines(4));
        SplitSummary summary = await SplitAsync(chunkRecords: 2);
        await ProcessAsync(summary.RunId, 0);
        await ProcessAsync(summary.RunId, 1);

        RunReport report = await new AggregateRun(_store, TimeProvider.System)
            .ExecuteAsync("work", summary.RunId, "memory", 0, "States.ResultWriterFailed: could not write the manifest", CancellationToken.None);
        RunReport stored = JsonSerializer.Deserialize(_store.Get(new RunLayout("work", summary.RunId).Report), HybridBatchJson.Default.RunReport)!;

        Assert.Equal(RunStatus.Failed, report.Status);
        Assert.Equal(4, report.Published);
        Assert.Equal(RunStatus.Failed, stored.Status);
        Assert.Contains("ResultWriterFailed", stored.MapError);
    }

    private static byte[] Lines(int count, int invalidEvery = 0) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count)
        .Select(i => invalidEvery > 0 && i % invalidEvery == invalidEvery - 1 ? $"{{\"id\":\"{i}\"}}\n" : $"{{\"id\":{i}}}\n")));

    private async Task<SplitSummary> SplitAsync(int chunkRecords)
    {
        var split = new SplitRun(_store, staging: null, TimeProvider.System);
        SplitResult result = await split.ExecuteAsync(
            new SplitRequest(s_input, TestSchemas.IdAndName, InputFormat.JsonLines, "work", new SplitOptions { ChunkRecords = chunkRecords }, new GateOptions { MaxErrorRate = 0.3 }),
            CancellationToken.None);
        return result.Summary;
    }

    private Task<ChunkResult> ProcessAsync(string runId, int chunkId) =>
        new ProcessChunkRun(_store, _sinks, new ProcessOptions(), TimeProvider.System).ExecuteAsync(
            new ProcessChunkRequest { WorkBucket = "work", RunId = runId, ChunkId = chunkId, Route = Route.Lambda, Worker = "test" },
            CancellationToken.None);

    private Task<RunReport> AggregateAsync(string runId, double tolerated = 0) =>
        new AggregateRun(_store, TimeProvider.System).ExecuteAsync("work", runId, "memory", tolerated, CancellationToken.None);
}
