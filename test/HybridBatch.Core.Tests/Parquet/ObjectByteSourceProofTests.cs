using HybridBatch.Core.Parquet;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Parquet;

/// <summary>
/// A Parquet worker reads a proven chunk's bytes in the blocks the plan hashed (<see cref="ChunkContentHash"/>): at
/// object offsets in this build's plans, from the chunk's first byte in older ones; each block whole, checked before
/// any of its bytes is served.
/// </summary>
public sealed class ObjectByteSourceProofTests
{
    private static readonly ObjectLocation s_file = new("in", "drop/blocks.parquet");

    [Theory]
    [InlineData(true, new long[] { 100, 112, 128, 144, 160, 176, 192 })]
    [InlineData(false, new long[] { 100, 116, 132, 148, 164, 180, 196 })]
    public async Task A_proven_chunk_is_fetched_in_its_hashed_blocks_and_a_changed_byte_fails(bool atObjectOffsets, long[] blockStarts)
    {
        byte[] file = Enumerable.Range(0, 300).Select(i => (byte)(i * 31)).ToArray();
        var store = new InMemoryObjectStore();
        store.Put(s_file, file);
        ChunkPlanEntry chunk = Chunk(file, byteStart: 100, byteEnd: 200, block: 16, atObjectOffsets);

        await using var source = new ObjectByteSource(store, s_file, file.Length, "v1", [(100, 200)], proven: chunk);
        source.Position = 100;
        byte[] read = new byte[100];
        await source.ReadExactlyAsync(read);

        Assert.Equal(file[100..200], read);
        Assert.Equal(blockStarts, source.Fetched.Select(f => f.Start));
        Assert.Equal([.. blockStarts.Skip(1), 200L], source.Fetched.Select(f => f.End));

        byte[] edited = (byte[])file.Clone();
        edited[150] ^= 1;
        store.EditInPlace(s_file, edited);
        await using var changed = new ObjectByteSource(store, s_file, file.Length, "v1", [(100, 200)], proven: chunk);
        changed.Position = 100;
        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => changed.ReadExactlyAsync(new byte[100]).AsTask());
        long start = blockStarts.Last(s => s <= 150);
        Assert.Contains($"bytes [{start}, {start + 16})", error.Message);
    }

    private static ChunkPlanEntry Chunk(byte[] file, long byteStart, long byteEnd, int block, bool atObjectOffsets)
    {
        var hasher = new BlockHasher(block, atObjectOffsets ? byteStart : 0);
        hasher.Append(file.AsSpan((int)byteStart, (int)(byteEnd - byteStart)));
        return new ChunkPlanEntry
        {
            ChunkId = 0, StartIndex = 0, EndIndex = 1, ByteStart = byteStart, ByteEnd = byteEnd, Records = 1, Bytes = byteEnd - byteStart,
            Rejected = 0, FirstLine = 1, HashBlockBytes = block, HashBlocksAtObjectOffsets = atObjectOffsets, ContentHashes = [.. hasher.Finish()],
            FirstRowGroup = 0, RowGroups = 1,
        };
    }
}
