using System.Globalization;
using HybridBatch.Core.Compression;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Json;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Splitting;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Processing;

/// <summary>
/// The split judges each record once: the plan carries each chunk's block hashes and rejected indices, and the worker
/// publishes the split's valid records without validating them, after checking every block of bytes it frames.
/// </summary>
public class ValidateOnceTests
{
    private static readonly ObjectLocation s_input = new("in", "drop/records.jsonl");

    // Same properties as TestSchemas.IdAndName, so a CSV header still binds, but no id is valid: a worker that
    // validates with it rejects every record.
    private static readonly byte[] s_rejectAll = Encoding.UTF8.GetBytes("""
        {
          "type": "object",
          "required": ["id"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "integer", "maximum": -1 },
            "name": { "type": "string" }
          }
        }
        """);

    private readonly InMemoryObjectStore _store = new();
    private readonly MemorySinkFactory _sinks = new();

    [Fact]
    public async Task The_split_records_the_hash_of_each_chunks_exact_bytes_and_its_rejected_indices()
    {
        // A BOM, blank lines and rejects: chunk 0 starts after the BOM, blank lines go with the chunk before them.
        byte[] data = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"id\":0}\n{\"id\":\"x\"}\n\n{\"id\":2}\n{\"id\":-3}\n\n\n{\"id\":4}\n{\"id\":5}\n{\"id\":true}")];

        SplitOutcome outcome = await SplitterTests.Split(data, InputFormat.JsonLines, chunkRecords: 3, step: 5);

        Assert.Equal(3, outcome.Chunks[0].ByteStart);
        Assert.All(outcome.Chunks, chunk =>
        {
            Assert.Equal((int?)ChunkContentHash.BlockBytes, chunk.HashBlockBytes);
            Assert.Equal([Hash(data.AsSpan((int)chunk.ByteStart, (int)chunk.Bytes))], chunk.ContentHashes);
            Assert.False(chunk.Revalidate);
        });
        Assert.Equal(new[] { new[] { 1L }, [3L], [6L] }, outcome.Chunks.Select(c => c.RejectedIndices!.ToArray()));
        Assert.Equal([1L, 1, 1], outcome.Chunks.Select(c => c.Rejected));
    }

    [Fact]
    public async Task A_chunk_larger_than_a_block_has_one_hash_per_block()
    {
        byte[] data = Lines(60_000, invalidEvery: 1000);
        int seed = Environment.TickCount;
        int readSize = 4096 + new Random(seed).Next(1 << 16);

        SplitOutcome outcome = await SplitterTests.Split(data, InputFormat.JsonLines, chunkRecords: 100_000, readSize: readSize);

        ChunkPlanEntry chunk = Assert.Single(outcome.Chunks);
        int block = ChunkContentHash.BlockBytes;
        string[] expected = Enumerable.Range(0, (data.Length + block - 1) / block)
            .Select(b => Hash(data.AsSpan(b * block, Math.Min(block, data.Length - (b * block))))).ToArray();
        Assert.True(expected.Length >= 2, $"the data ({data.Length} bytes) must span blocks");
        Assert.True(expected.SequenceEqual(chunk.ContentHashes!), $"seed {seed} (read size {readSize})");
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (i * 1000L) + 999), chunk.RejectedIndices);
    }

    [Fact]
    public async Task The_worker_publishes_the_splits_valid_records_without_validating_them()
    {
        _store.Put(s_input, Lines(20, invalidEvery: 3));
        ChunkPlan plan = await SplitAsync(s_input, chunkRecords: 7);
        RejectEverythingFromNowOn(plan);

        foreach (ChunkPlanEntry chunk in plan.Chunks)
        {
            ChunkResult result = await ProcessAsync(plan, chunk.ChunkId, new ProcessOptions());
            Assert.Equal((chunk.Records - chunk.Rejected, chunk.Rejected), (result.Published, result.Rejected));
        }

        Assert.Equal(Enumerable.Range(0, 20).Where(i => i % 3 != 2).Select(i => (long)i),
            _sinks.Sinks.OrderBy(s => s.Key).SelectMany(s => s.Value.Messages).Select(m => m.Index));
        Assert.Equal(plan.ValidRecords, _sinks.Sinks.Values.Sum(s => s.Messages.Count));
    }

    [Fact]
    public async Task With_revalidate_the_worker_validates_every_record_again()
    {
        _store.Put(s_input, Lines(20, invalidEvery: 3));
        ChunkPlan plan = await SplitAsync(s_input, chunkRecords: 7);

        ChunkResult same = await ProcessAsync(plan, 0, new ProcessOptions { Revalidate = true });
        RejectEverythingFromNowOn(plan);
        var error = await Assert.ThrowsAsync<ChunkDataException>(() => ProcessAsync(plan, 1, new ProcessOptions { Revalidate = true }));

        Assert.Equal((5L, 2L), (same.Published, same.Rejected));
        Assert.Contains("this read found 7 (7 rejected)", error.Message);
        Assert.Empty(_sinks.Sinks[1].Messages);
    }

    [Fact]
    public async Task Keys_come_from_the_key_field_as_validation_finds_them()
    {
        const string text = """
            {"id":1,"name":"a\"b"}
            {"name":"x\u0041","id":2}
            {"id":3}
            {"id":4,"name":"plain","meta":{"k":[1,2]}}
            {"meta":[{"a":"q\"r"}, 2],"id":5}

            """;
        RecordSchema anyObject = RecordSchema.Load("""{ "type": "object" }"""u8.ToArray(), "any-object");
        foreach (string keyField in new[] { "name", "id", "meta" })
        {
            (IReadOnlyList<string> trusted, IReadOnlyList<string> validated) = await KeysBothWaysAsync(text, anyObject, keyField);
            Assert.Equal(validated, trusted);
        }

        (IReadOnlyList<string> names, _) = await KeysBothWaysAsync(text, anyObject, "name");
        // A string value keys as the string it stands for, its escapes decoded.
        Assert.Equal(["a\"b", "xA", "run-1:2", "plain", "run-1:4"], names);
        (IReadOnlyList<string> metas, _) = await KeysBothWaysAsync(text, anyObject, "meta");
        Assert.Equal("""[{"a":"q\"r"}, 2]""", metas[4]); // Not a string: its JSON text, as it stands.
    }

    [Fact]
    public async Task Csv_rows_are_published_as_the_split_judged_them()
    {
        var input = new ObjectLocation("in", "drop/records.csv");
        _store.Put(input, Encoding.UTF8.GetBytes("id,name\n1,\"Smith, J\"\nx,bad\n3,\n4,\"multi\nline\"\n-5,neg\n"));
        ChunkPlan plan = await SplitAsync(input, chunkRecords: 10, InputFormat.Csv);
        RejectEverythingFromNowOn(plan);

        ChunkResult result = await ProcessAsync(plan, 0, new ProcessOptions { KeyField = "id" });

        Assert.Equal((3L, 2L), (result.Published, result.Rejected));
        Assert.Equal(
            [("1", "{\"id\":1,\"name\":\"Smith, J\"}", 0L), ("3", "{\"id\":3}", 2L), ("4", "{\"id\":4,\"name\":\"multi\\nline\"}", 3L)],
            _sinks.Sinks[0].Messages);
    }

    [Fact]
    public async Task An_in_place_edit_that_keeps_the_version_fails_the_chunk_as_object_changed_and_publishes_nothing()
    {
        byte[] data = Encoding.UTF8.GetBytes("{\"id\":1,\"name\":\"43112.17\"}\n{\"id\":2,\"name\":\"b\"}\n");
        _store.Put(s_input, data);
        ChunkPlan plan = await SplitAsync(s_input, chunkRecords: 10);
        _store.EditInPlace(s_input, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).Replace("43112.17", "43112.18", StringComparison.Ordinal)));

        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(plan, 0, new ProcessOptions()));

        Assert.StartsWith("object changed: in/drop/records.jsonl", error.Message);
        Assert.Contains($"bytes [0, {data.Length}) of chunk 0 hash to", error.Message);
        Assert.Equal(FailureClass.ChunkDataFailure, FailureTaxonomy.Classify(error));
        Assert.Empty(_sinks.Sinks[0].Messages);
        Assert.Empty(_sinks.Sinks[0].Steps);
        ChunkResult stored = JsonSerializer.Deserialize(_store.Get(Layout(plan).Result(0)), HybridBatchJson.Default.ChunkResult)!;
        Assert.Equal((ChunkStatus.Failed, nameof(ObjectChangedException)), (stored.Status, stored.ErrorType));
    }

    [Fact]
    public async Task A_change_in_a_later_block_is_caught_before_any_record_of_that_block_is_published()
    {
        byte[] data = Lines(60_000, invalidEvery: 0);
        _store.Put(s_input, data);
        ChunkPlan plan = await SplitAsync(s_input, chunkRecords: 100_000);
        int changedAt = ChunkContentHash.BlockBytes + 1000;
        byte[] edited = (byte[])data.Clone();
        edited[changedAt] = edited[changedAt] == (byte)'a' ? (byte)'b' : (byte)'a';
        _store.EditInPlace(s_input, edited);

        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(plan, 0, new ProcessOptions { StepRecords = 5_000, BatchMessages = 500 }));

        RecordingSink sink = _sinks.Sinks[0];
        long[] recordEnds = RecordEnds(data);
        Assert.Contains($"bytes [{ChunkContentHash.BlockBytes}, ", error.Message);
        Assert.NotEmpty(sink.Steps);
        Assert.All(sink.Messages, m => Assert.True(recordEnds[m.Index] <= ChunkContentHash.BlockBytes, $"record {m.Index} reaches past the checked block"));
        Assert.All(sink.Steps, s => Assert.True(s.ByteOffset <= ChunkContentHash.BlockBytes));
    }

    [Fact]
    public async Task Staged_gzip_chunks_are_checked_and_published_without_validating()
    {
        var input = new ObjectLocation("in", "drop/records.jsonl.gz");
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Lines(10, invalidEvery: 4));
        }

        _store.Put(input, compressed.ToArray());
        ChunkPlan plan = await SplitAsync(input, chunkRecords: 5, InputFormat.Detect(input.Key), staged: true);
        RejectEverythingFromNowOn(plan);
        ObjectLocation staged = Layout(plan).Plan.WithKey(plan.Chunks[1].StagedKey!);
        byte[] stagedBytes = _store.Get(staged);
        _store.EditInPlace(staged, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(stagedBytes).Replace("\"id\":6,", "\"id\":9,", StringComparison.Ordinal)));

        ChunkResult first = await ProcessAsync(plan, 0, new ProcessOptions());
        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(plan, 1, new ProcessOptions()));

        Assert.Equal((4L, 1L), (first.Published, first.Rejected));
        Assert.StartsWith($"object changed: {staged}", error.Message);
        Assert.Empty(_sinks.Sinks[1].Messages);
    }

    [Fact]
    public async Task A_plan_written_before_the_hashes_is_processed_by_validating_again()
    {
        _store.Put(s_input, Lines(12, invalidEvery: 4));
        ChunkPlan plan = await SplitAsync(s_input, chunkRecords: 6);
        ChunkPlan old = plan with
        {
            Chunks = plan.Chunks.Select(c => c with { ContentHashes = null, HashBlockBytes = null, RejectedIndices = null }).ToList(),
        };
        string json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(old, HybridBatchJson.Default.ChunkPlan));
        Assert.DoesNotContain("contentHashes", json);
        Assert.DoesNotContain("rejectedIndices", json);
        _store.Put(Layout(plan).Plan, Encoding.UTF8.GetBytes(json));

        ChunkResult first = await ProcessAsync(plan, 0, new ProcessOptions());
        RejectEverythingFromNowOn(plan);
        var error = await Assert.ThrowsAsync<ChunkDataException>(() => ProcessAsync(plan, 1, new ProcessOptions()));

        Assert.Equal((5L, 1L), (first.Published, first.Rejected));
        Assert.Contains("this read found 6 (6 rejected)", error.Message);
    }

    [Fact]
    public async Task A_chunk_with_more_rejects_than_the_plan_lists_is_validated_again()
    {
        int count = ChunkFacts.MaxListedRejects + 11;
        _store.Put(s_input, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i => i < 10 ? $"{{\"id\":{i}}}\n" : $"{{\"id\":\"{i}\"}}\n"))));
        ChunkPlan plan = await SplitAsync(s_input, chunkRecords: count, gate: new GateOptions { MaxErrorRate = 1 });

        ChunkPlanEntry chunk = Assert.Single(plan.Chunks);
        Assert.True(chunk.Revalidate);
        Assert.Null(chunk.RejectedIndices);
        Assert.NotNull(chunk.ContentHashes);
        Assert.Equal(count - 10, chunk.Rejected);
        RejectEverythingFromNowOn(plan);
        var error = await Assert.ThrowsAsync<ChunkDataException>(() => ProcessAsync(plan, 0, new ProcessOptions()));
        Assert.Contains($"this read found {count} ({count} rejected)", error.Message);
    }

    [Theory]
    [InlineData(false, 32, "bytes [132, 148) of chunk 3")]
    [InlineData(true, 28, "bytes [128, 144) of chunk 3")]
    public async Task A_resumed_read_checks_the_whole_block_of_its_offset(bool atObjectOffsets, long blockStart, string changedBlock)
    {
        // Blocks of 16 bytes for a chunk at byte 100: from its first byte in older plans (100, 116, 132, …), at the
        // object's multiples of 16 in this build's (100, 112, 128, …).
        byte[] data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10).Select(i => $"{{\"id\":{i}}}\n")));
        ChunkPlanEntry chunk = HashedChunk(data, byteStart: 100, block: 16, atObjectOffsets);
        const long offset = 37;
        long start = VerifiedChunkStream.ReadStart(chunk, offset);

        byte[] read = await ReadAllAsync(chunk, data[(int)start..], offset);
        byte[] before = (byte[])data.Clone();
        before[33] ^= 1;

        Assert.Equal(blockStart, start);
        Assert.Equal(data[(int)offset..], read);
        var changed = await Assert.ThrowsAsync<ObjectChangedException>(() => ReadAllAsync(chunk, before[(int)start..], offset));
        Assert.Contains(changedBlock, changed.Message);
        var shorter = await Assert.ThrowsAsync<ObjectChangedException>(() => ReadAllAsync(chunk, data[(int)start..^1], offset));
        Assert.Contains("end after", shorter.Message);
        var longer = await Assert.ThrowsAsync<ObjectChangedException>(() => ReadAllAsync(chunk, [.. data[(int)start..], (byte)'\n'], offset));
        Assert.Contains("goes on past byte", longer.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reads_resumed_at_every_offset_serve_the_chunk_and_every_changed_byte_fails_in_either_block_layout(bool atObjectOffsets)
    {
        byte[] data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10).Select(i => $"{{\"id\":{i * 7}}}\n")));
        foreach (long byteStart in new long[] { 0, 96, 100, 111, 112 })
        {
            foreach (int block in new[] { 1, 5, 16, 17, 200 })
            {
                ChunkPlanEntry chunk = HashedChunk(data, byteStart, block, atObjectOffsets);
                for (long offset = 0; offset <= data.Length; offset++)
                {
                    long start = VerifiedChunkStream.ReadStart(chunk, offset);
                    string where = $"chunk at {byteStart}, {block}-byte blocks, offset {offset}";
                    Assert.True(start <= offset && offset - start < block, $"{where}: read starts at {start}");
                    bool atBlockStart = atObjectOffsets ? start == 0 || (byteStart + start) % block == 0 : start % block == 0;
                    Assert.True(atBlockStart || offset == data.Length, $"{where}: read starts at {start}");
                    Assert.Equal(data[(int)offset..], await ReadAllAsync(chunk, data[(int)start..], offset));
                }

                for (int changedAt = 0; changedAt < data.Length; changedAt++)
                {
                    byte[] edited = (byte[])data.Clone();
                    edited[changedAt] ^= 0x20;
                    await Assert.ThrowsAsync<ObjectChangedException>(() => ReadAllAsync(chunk, edited, 0));
                }
            }
        }
    }

    [Fact]
    public async Task A_worker_reads_a_chunk_starting_inside_a_block_in_this_builds_layout_and_in_older_plans()
    {
        // 60,000 records span two 4 MiB blocks; chunk 1 (records 25,000 to 49,999) starts inside the first, ends in the second.
        byte[] data = Lines(60_000, invalidEvery: 0);
        _store.Put(s_input, data);
        ChunkPlan plan = await SplitAsync(s_input, chunkRecords: 25_000);
        ChunkPlanEntry chunk = plan.Chunks[1];
        int block = ChunkContentHash.BlockBytes;
        Assert.True(chunk.HashBlocksAtObjectOffsets);
        JsonNode stored = JsonNode.Parse(_store.Get(Layout(plan).Plan))!;
        Assert.True(stored["chunks"]![1]!["hashBlocksAtObjectOffsets"]!.GetValue<bool>());
        Assert.True(chunk.ByteStart < block && chunk.ByteEnd > block);
        Assert.Equal([Hash(data.AsSpan((int)chunk.ByteStart, block - (int)chunk.ByteStart)), Hash(data.AsSpan(block, (int)chunk.ByteEnd - block))], chunk.ContentHashes);

        ChunkResult read = await ProcessAsync(plan, 1, new ProcessOptions());

        Assert.Equal(25_000, read.Published);

        // The same chunk in a plan of an older build: blocks from its first byte, no marker in the JSON.
        foreach (JsonNode? entry in stored["chunks"]!.AsArray())
        {
            Assert.True(entry!.AsObject().Remove("hashBlocksAtObjectOffsets"));
        }

        string json = stored.ToJsonString();
        Assert.DoesNotContain("hashBlocksAtObjectOffsets", json);
        ChunkPlan old = JsonSerializer.Deserialize(json, HybridBatchJson.Default.ChunkPlan)!;
        // Its 2.5 MB are one block counted from its first byte.
        Assert.True(chunk.Bytes < block);
        ChunkPlanEntry oldChunk = old.Chunks[1] with { ContentHashes = [Hash(data.AsSpan((int)chunk.ByteStart, (int)chunk.Bytes))] };
        old = old with { Chunks = [old.Chunks[0], oldChunk, old.Chunks[2]] };
        Assert.False(oldChunk.HashBlocksAtObjectOffsets);

        ChunkResult oldRead = await ProcessAsync(StoreAs(old, "older"), 1, new ProcessOptions());

        Assert.Equal(25_000, oldRead.Published);

        // A changed byte past the 4 MiB edge fails either plan (in runs of their own), naming that plan's block.
        int changedAt = block + 10;
        byte[] edited = (byte[])data.Clone();
        edited[changedAt] = edited[changedAt] == (byte)'a' ? (byte)'b' : (byte)'a';
        _store.EditInPlace(s_input, edited);
        var changed = await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(StoreAs(plan, "changed"), 1, new ProcessOptions()));
        Assert.Contains($"bytes [{block}, {chunk.ByteEnd}) of chunk 1", changed.Message);
        var oldChanged = await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(StoreAs(old, "older-changed"), 1, new ProcessOptions()));
        Assert.Contains($"bytes [{chunk.ByteStart}, {chunk.ByteEnd}) of chunk 1", oldChanged.Message);

        ChunkPlan StoreAs(ChunkPlan source, string runId)
        {
            ChunkPlan copy = source with { RunId = runId };
            _store.Put(Layout(copy).Plan, MinimalJsonEncoder.SerializeToUtf8Bytes(copy, HybridBatchJson.Default.ChunkPlan));
            _store.Put(Layout(copy).Schema, _store.Get(Layout(plan).Schema));
            return copy;
        }
    }

    private static async Task<byte[]> ReadAllAsync(ChunkPlanEntry chunk, byte[] from, long offset)
    {
        await using Stream verified = VerifiedChunkStream.Wrap(new MemoryStream(from), chunk, new ObjectLocation("b", "k"), "v1", offset);
        var copy = new MemoryStream();
        await verified.CopyToAsync(copy, bufferSize: 7);
        return copy.ToArray();
    }

    private static async Task<(IReadOnlyList<string> Trusted, IReadOnlyList<string> Validated)> KeysBothWaysAsync(string text, RecordSchema schema, string keyField)
    {
        byte[] data = Encoding.UTF8.GetBytes(text);
        SplitOutcome outcome = await new Splitter(schema, InputFormat.JsonLines, new SplitOptions()).SplitAsync(new MemoryStream(data), Stream.Null, null, CancellationToken.None);
        var plan = new ChunkPlan
        {
            RunId = "run-1", Source = s_input, SourceVersion = "v1", SourceSize = data.Length, Format = HybridBatch.Core.Records.RecordFormat.JsonLines, Delimiter = ",", Compression = InputCompressionText.None,
            Schema = schema.Name, ChunkRecords = 10, MaxRecordBytes = 1 << 20, TotalRecords = outcome.TotalRecords,
            ValidRecords = outcome.ValidRecords, RejectedRecords = outcome.RejectedRecords, Chunks = outcome.Chunks,
        };
        var trusted = new RecordingSink();
        var validated = new RecordingSink();
        ChunkPlanEntry chunk = Assert.Single(plan.Chunks);
        await new ChunkProcessor(plan, schema, new ProcessOptions { KeyField = keyField }).ProcessAsync(chunk, new MemoryStream(data), trusted, null, CancellationToken.None);
        await new ChunkProcessor(plan, schema, new ProcessOptions { KeyField = keyField, Revalidate = true }).ProcessAsync(chunk, new MemoryStream(data), validated, null, CancellationToken.None);
        Assert.Equal(5, trusted.Messages.Count);
        return (trusted.Messages.Select(m => m.Key).ToList(), validated.Messages.Select(m => m.Key).ToList());
    }

    private async Task<ChunkPlan> SplitAsync(ObjectLocation input, int chunkRecords, InputFormat? format = null, bool staged = false, GateOptions? gate = null)
    {
        var split = new SplitRun(_store, staged ? (store, layout) => new StoreStaging(store, layout) : null, TimeProvider.System);
        SplitResult result = await split.ExecuteAsync(
            new SplitRequest(input, TestSchemas.IdAndName, format ?? InputFormat.JsonLines, "work", new SplitOptions { ChunkRecords = chunkRecords }, gate ?? new GateOptions { MaxErrorRate = 0.5 }),
            CancellationToken.None);
        Assert.True(result.Summary.GatePassed);
        return result.Plan;
    }

    private Task<ChunkResult> ProcessAsync(ChunkPlan plan, int chunkId, ProcessOptions options) =>
        new ProcessChunkRun(_store, _sinks, options, TimeProvider.System).ExecuteAsync(
            new ProcessChunkRequest { WorkBucket = "work", RunId = plan.RunId, ChunkId = chunkId, Route = Route.Lambda, Worker = "test" },
            CancellationToken.None);

    // The run's stored copy of the schema is what a worker loads: from now on, validating rejects every record.
    private void RejectEverythingFromNowOn(ChunkPlan plan) => _store.Put(Layout(plan).Schema, s_rejectAll);

    private static RunLayout Layout(ChunkPlan plan) => new("work", plan.RunId);

    // A chunk of `data` at byteStart, hashed in either layout (ChunkContentHash): at object offsets, or from its first byte.
    private static ChunkPlanEntry HashedChunk(byte[] data, long byteStart, int block, bool atObjectOffsets)
    {
        var hasher = new BlockHasher(block, atObjectOffsets ? byteStart : 0);
        hasher.Append(data);
        return new ChunkPlanEntry
        {
            ChunkId = 3, StartIndex = 0, EndIndex = 10, ByteStart = byteStart, ByteEnd = byteStart + data.Length, Records = 10, Bytes = data.Length,
            Rejected = 0, FirstLine = 1, HashBlockBytes = block, HashBlocksAtObjectOffsets = atObjectOffsets,
            ContentHashes = [.. hasher.Finish()],
        };
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes).ToString("x16", CultureInfo.InvariantCulture);

    // About 100-byte records (60,000 of them span two hash blocks); every invalidEvery-th has a string id, which the
    // split rejects.
    private static byte[] Lines(int count, int invalidEvery) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count)
        .Select(i => invalidEvery > 0 && i % invalidEvery == invalidEvery - 1
            ? $"{{\"id\":\"{i}\",\"name\":\"record {i:D8} with padding to make the line about a hundred bytes long\"}}\n"
            : $"{{\"id\":{i},\"name\":\"record {i:D8} with padding to make the line about a hundred bytes long\"}}\n")));

    private static long[] RecordEnds(byte[] data)
    {
        var ends = new List<long>();
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n')
            {
                ends.Add(i + 1);
            }
        }

        return [.. ends];
    }
}
