using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;
using Parquet;
using Parquet.Schema;

namespace HybridBatch.Core.Tests.Parquet;

/// <summary>
/// A Parquet chunk carries the hashes of its row groups' bytes (issue 16 item 2, as JSON Lines and CSV chunks do), and
/// a worker proves it reads those very bytes: an object changed in place under the same version fails the chunk as
/// "object changed" before any of its rows is published, while an unchanged chunk of the same plan still publishes.
/// </summary>
public sealed class ParquetChunkProofTests
{
    private const int GroupRows = 100;
    private static readonly ObjectLocation s_input = new("in", "drop/proof.parquet");

    [Fact]
    public async Task Each_chunk_carries_the_hashes_of_its_row_groups_bytes()
    {
        (byte[] file, _, ChunkPlan plan) = await SplitAsync();

        Assert.Equal(2, plan.Chunks.Count);
        foreach (ChunkPlanEntry chunk in plan.Chunks)
        {
            Assert.Equal(ChunkContentHash.BlockBytes, chunk.HashBlockBytes);
            string hash = Assert.Single(chunk.ContentHashes!);
            Assert.Equal(ChunkContentHash.Of(file.AsSpan((int)chunk.ByteStart, (int)chunk.Bytes)), hash);
        }
    }

    [Fact]
    public async Task A_byte_changed_in_a_row_group_fails_that_chunk_closed_and_publishes_none_of_its_rows()
    {
        (byte[] file, InMemoryObjectStore store, ChunkPlan plan) = await SplitAsync();
        ChunkPlanEntry changed = plan.Chunks[1];
        byte[] edited = (byte[])file.Clone();
        edited[(changed.ByteStart + changed.ByteEnd) / 2] ^= 0x01;
        store.EditInPlace(s_input, edited);
        var sinks = new MemorySinkFactory();

        var failure = await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(store, sinks, plan, changed.ChunkId));
        ChunkResult unchanged = await ProcessAsync(store, sinks, plan, plan.Chunks[0].ChunkId);

        Assert.Contains("no longer holds the bytes the split read", failure.Message);
        Assert.Contains($"of chunk {changed.ChunkId} ", failure.Message);
        Assert.Empty(sinks.Sinks[changed.ChunkId].Messages);
        Assert.Equal(HybridBatch.Core.Processing.ChunkStatus.Succeeded, unchanged.Status);
        Assert.Equal(GroupRows, sinks.Sinks[0].Messages.Count);
    }

    private static Task<ChunkResult> ProcessAsync(InMemoryObjectStore store, MemorySinkFactory sinks, ChunkPlan plan, int chunkId) =>
        new ProcessChunkRun(store, sinks, new ProcessOptions(), TimeProvider.System).ExecuteAsync(
            new ProcessChunkRequest { WorkBucket = "work", RunId = plan.RunId, ChunkId = chunkId, Route = Route.Lambda, Worker = "test" },
            CancellationToken.None);

    /// <summary>Two row groups of <see cref="GroupRows"/> rows, split into one chunk each.</summary>
    private static async Task<(byte[] File, InMemoryObjectStore Store, ChunkPlan Plan)> SplitAsync()
    {
        var id = new DataField<long>("id");
        var name = new DataField<string>("name");
        var memory = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, name), memory))
        {
            for (int group = 0; group < 2; group++)
            {
                using ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
                long[] ids = Enumerable.Range(group * GroupRows, GroupRows).Select(i => (long)i).ToArray();
                await rowGroup.WriteAsync(id, (ReadOnlyMemory<long>)ids);
                await rowGroup.WriteAsync(name, ids.Select(i => $"row {i}").ToArray());
            }
        }

        byte[] file = memory.ToArray();
        var store = new InMemoryObjectStore();
        store.Put(s_input, file);
        RecordSchema schema = RecordSchema.Load("""{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}},"required":["id"]}"""u8, "rows");
        SplitResult split = await new SplitRun(store, null, TimeProvider.System).ExecuteAsync(
            new SplitRequest(s_input, schema, InputFormat.Detect(s_input.Key), "work", new SplitOptions { ChunkRecords = GroupRows }, new GateOptions()),
            CancellationToken.None);
        Assert.True(split.Summary.GatePassed, string.Join("; ", split.Summary.GateReasons));
        return (file, store, split.Plan);
    }
}
