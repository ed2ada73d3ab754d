using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// The parallel split's pieces: cut at block edges of the content hashes, they cover the input exactly, in order, each
/// hashing whole blocks from its cut; they keep the threads' work even; and an input that changes after the pass
/// where the merge reads it again (a chunk start's lookup, the block a chunk start cuts) fails as "object changed"
/// instead of giving a plan of bytes nobody validated.
/// </summary>
public sealed class ParallelSplitPiecesTests
{
    [Theory]
    [InlineData(2, 64)]
    [InlineData(3, 100)]
    [InlineData(2, 4096)]
    [InlineData(8, 7)]
    public async Task Pieces_cover_the_input_in_order_each_hashing_from_a_block_edge(int threads, int blockBytes)
    {
        byte[] data = Orders(1000);

        (long[] cuts, ValidationPiece[] pieces) = await CutAsync(data, threads, blockBytes);

        Assert.Equal(0, cuts[0]);
        Assert.Equal(data.Length, cuts[^1]);
        Assert.All(cuts[1..^1], cut => Assert.Equal(0, cut % blockBytes));
        Assert.Equal((0L, 0L), (pieces[0].Range.Start, pieces[0].HashStart));
        Assert.Equal((data.Length, (long)data.Length), (pieces[^1].Range.End, pieces[^1].HashEnd));
        for (int i = 0; i < pieces.Length; i++)
        {
            ValidationPiece piece = pieces[i];
            Assert.True(piece.Range.Start < piece.Range.End, $"piece {i} has no bytes");
            Assert.True(piece.HashStart <= piece.Range.Start && piece.Range.Start < piece.HashEnd && piece.HashEnd <= piece.Range.End,
                $"piece {i}: hashes [{piece.HashStart}, {piece.HashEnd}), records at [{piece.Range.Start}, {piece.Range.End})");
            Assert.True(piece.Range.Start == 0 || data[piece.Range.Start - 1] == (byte)'\n', $"piece {i} starts inside a record");
            Assert.Contains(piece.HashStart, cuts);
            if (i > 0)
            {
                Assert.Equal((pieces[i - 1].Range.End, pieces[i - 1].HashEnd), (piece.Range.Start, piece.HashStart));
            }
        }
    }

    [Fact]
    public async Task A_record_longer_than_the_blocks_between_cuts_gives_their_hashes_to_the_piece_it_starts_in()
    {
        byte[] data = Encoding.UTF8.GetBytes($"{{\"id\":1}}\n{{\"id\":2,\"name\":\"{new string('n', 300)}\"}}\n{{\"id\":3}}\n");

        (long[] cuts, ValidationPiece[] pieces) = await CutAsync(data, threads: 64, blockBytes: 8);

        // Cuts every 8 bytes; the second record (bytes 9 to 327) holds 39 of them, the third starts at cut 328.
        Assert.True(cuts.Length > 40, $"{cuts.Length} cuts");
        Assert.Equal([0L, 9, 328], pieces.Select(p => p.Range.Start));
        Assert.Equal([0L, 8, 328], pieces.Select(p => p.HashStart));
        Assert.Equal([8L, 328, data.Length], pieces.Select(p => p.HashEnd));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task Pieces_shrink_to_single_blocks_so_threads_taking_the_largest_left_finish_within_a_block_of_each_other(int threads)
    {
        const int blockBytes = 256;
        byte[] data = Orders(1000);

        (_, ValidationPiece[] pieces) = await CutAsync(data, threads, blockBytes);

        long[] blocks = [.. pieces.Select(p => (p.HashEnd - p.HashStart + blockBytes - 1) / blockBytes)];
        Assert.True(blocks[0] <= data.Length / blockBytes / (PiecePlan.ShareDivisor * threads) + 1, $"the first piece has {blocks[0]} blocks");
        Assert.All(blocks[^threads..], b => Assert.Equal(1, b));
        for (int i = 1; i < blocks.Length; i++)
        {
            Assert.True(blocks[i] <= blocks[i - 1], $"piece {i} has {blocks[i]} blocks, the one before {blocks[i - 1]}");
        }

        // The split's schedule: each thread, when free, takes the largest piece left.
        long[] load = new long[threads];
        foreach (ValidationPiece piece in pieces.OrderByDescending(p => p.Bytes))
        {
            load[Array.IndexOf(load, load.Min())] += piece.Bytes;
        }

        Assert.True(load.Max() - load.Min() <= blockBytes + 80, $"threads' bytes {string.Join(", ", load)}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task An_input_changed_after_the_pass_in_a_block_a_chunk_starts_in_fails_as_object_changed(int threads)
    {
        byte[] data = Orders(400);
        var options = new SplitOptions { ChunkRecords = 100, Threads = threads, MinRangeBytes = 1, HashBlockBytes = BlockBytes };
        ChunkPlanEntry second = (await OneThreadAsync(data, options)).Chunks[1];
        Assert.NotEqual(0, second.ByteStart % BlockBytes);

        // A digit of the chunk's first id: the records and their boundaries stay as they were, the block's hash does not.
        int changedAt = (int)second.ByteStart + "{\"id\":1".Length;
        Assert.Equal(second.ByteStart / BlockBytes, changedAt / BlockBytes);
        byte[] changed = (byte[])data.Clone();
        changed[changedAt] = changed[changedAt] == (byte)'7' ? (byte)'8' : (byte)'7';

        InvalidDataException failed = await Assert.ThrowsAsync<InvalidDataException>(() => SplitChangedAfterThePassAsync(data, changed, options));

        long blockStart = second.ByteStart / BlockBytes * BlockBytes;
        Assert.Contains($"bytes [{blockStart}, {blockStart + BlockBytes}) hashed to", failed.Message);
        Assert.Contains("when read again to find or cut a chunk in them", failed.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task An_input_changed_after_the_pass_where_a_chunk_start_is_looked_up_fails_as_object_changed(int threads)
    {
        // Two records made one between the checkpoint the lookup of chunk 1's start frames from (its piece's first
        // record) and the block the chunk starts in: framed as it is now, record 100 would start a record later, in a
        // block that did not change. The lookup reads checked blocks, so it fails instead.
        byte[] data = Orders(400);
        var options = new SplitOptions { ChunkRecords = 100, Threads = threads, MinRangeBytes = 1, HashBlockBytes = BlockBytes };
        ChunkPlanEntry second = (await OneThreadAsync(data, options)).Chunks[1];
        long chunkBlock = second.ByteStart / BlockBytes * BlockBytes;
        (_, ValidationPiece[] pieces) = await CutAsync(data, threads, BlockBytes);
        long pieceStart = pieces.Last(p => p.Range.Start <= second.ByteStart).Range.Start;
        int newline = Array.LastIndexOf(data, (byte)'\n', (int)chunkBlock - 1);
        Assert.True(newline >= pieceStart, $"chunk 1 starts at {second.ByteStart} in the piece from {pieceStart}: no line feed between them before its block");
        byte[] changed = (byte[])data.Clone();
        changed[newline] = (byte)' ';

        InvalidDataException failed = await Assert.ThrowsAsync<InvalidDataException>(() => SplitChangedAfterThePassAsync(data, changed, options));

        long blockStart = newline / BlockBytes * BlockBytes;
        Assert.Contains($"bytes [{blockStart}, {blockStart + BlockBytes}) hashed to", failed.Message);
    }

    [Fact]
    public async Task The_unchanged_input_split_by_the_same_readers_is_the_one_thread_split()
    {
        byte[] data = Orders(400);
        var options = new SplitOptions { ChunkRecords = 100, Threads = 2, MinRangeBytes = 1, HashBlockBytes = BlockBytes };

        SplitOutcome same = await SplitChangedAfterThePassAsync(data, data, options);

        Assert.Equal((await OneThreadAsync(data, options)).Chunks, same.Chunks, ChunkEntryComparer.Instance);
    }

    [Fact]
    public async Task Record_boundaries_are_looked_for_near_each_cut_first_and_past_64_KiB_only_when_none_is_there()
    {
        // Short records, then one of 200 KB: a cut inside the long record finds its line feed only past 64 KiB.
        string shortRecords = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"id\":{i}}}\n"));
        byte[] data = Encoding.UTF8.GetBytes(shortRecords + $"{{\"id\":1,\"name\":\"{new string('n', 200_000)}\"}}\n{{\"id\":2}}\n");
        int longStart = Encoding.UTF8.GetByteCount(shortRecords);
        long[] cuts = [0, 100_000, longStart + 1_000, data.Length];
        var reads = new System.Collections.Concurrent.ConcurrentBag<(long Start, long End)>();
        RangeReader read = (start, end, _) =>
        {
            reads.Add((start, end));
            return Task.FromResult<Stream>(new MemoryStream(data, (int)start, (int)(end - start), writable: false));
        };

        SplitRange[] ranges = await RangeBoundaries.FindAsync(read, InputFormat.JsonLines, cuts, 1, CancellationToken.None);

        Assert.Equal([0L, 100_000 + data.AsSpan(100_000 - 1).IndexOf((byte)'\n'), data.Length - "{\"id\":2}\n".Length], ranges.Select(r => r.Start));
        Assert.Equal(data.Length, ranges[^1].End);
        Assert.Equal(
            [(99_999L, 99_999L + 65_536), (longStart + 999L, longStart + 999L + 65_536), (longStart + 999L + 65_536, data.Length)],
            reads.OrderBy(r => r.Start));
    }

    private const int BlockBytes = 256;

    private static Task<SplitOutcome> OneThreadAsync(byte[] data, SplitOptions options) =>
        new Splitter(TestSchemas.IdAndName, InputFormat.JsonLines, options with { Threads = 1 })
            .SplitAsync(new MemoryStream(data), Stream.Null, null, CancellationToken.None);

    // The input is `data` until the split's pass is done (its reads counted by a split with a single chunk, whose merge
    // reads nothing) and `changed` from then on, as a local file edited while it is being split.
    private static async Task<SplitOutcome> SplitChangedAfterThePassAsync(byte[] data, byte[] changed, SplitOptions options)
    {
        var split = new ParallelSplit(TestSchemas.IdAndName, InputFormat.JsonLines, options with { ChunkRecords = int.MaxValue });
        int passReads = 0;
        await split.SplitAsync(Reader(() =>
        {
            Interlocked.Increment(ref passReads);
            return data;
        }), data.Length, Stream.Null,
            where => new InvalidDataException(where), CancellationToken.None);
        int reads = 0;
        return await new ParallelSplit(TestSchemas.IdAndName, InputFormat.JsonLines, options).SplitAsync(
            Reader(() => Interlocked.Increment(ref reads) > passReads ? changed : data), data.Length, Stream.Null,
            where => new InvalidDataException(where), CancellationToken.None);

        static RangeReader Reader(Func<byte[]> now) => (start, end, _) =>
            Task.FromResult<Stream>(new MemoryStream(now(), (int)start, (int)(end - start), writable: false));
    }

    private static async Task<(long[] Cuts, ValidationPiece[] Pieces)> CutAsync(byte[] data, int threads, int blockBytes)
    {
        RangeReader read = (start, end, _) => Task.FromResult<Stream>(new MemoryStream(data, (int)start, (int)(end - start), writable: false));
        long[] cuts = PiecePlan.Cuts(0, 0, data.Length, threads, blockBytes);
        SplitRange[] ranges = await RangeBoundaries.FindAsync(read, InputFormat.JsonLines, cuts, 1, CancellationToken.None);
        return (cuts, PiecePlan.Pieces(ranges, cuts, hashStart: 0));
    }

    // Records of uneven length (so block edges fall at different places in records), with blank lines between some.
    private static byte[] Orders(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append($"{{\"id\":{i},\"name\":\"{new string('n', i % 37)}\"}}\n");
            if (i % 13 == 0)
            {
                text.Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // Plan entries hold lists, which records compare by reference.
    private sealed class ChunkEntryComparer : IEqualityComparer<ChunkPlanEntry>
    {
        public static readonly ChunkEntryComparer Instance = new();

        public bool Equals(ChunkPlanEntry? x, ChunkPlanEntry? y) =>
            x is not null && y is not null && x with { ContentHashes = null, RejectedIndices = null } == y with { ContentHashes = null, RejectedIndices = null }
            && x.ContentHashes!.SequenceEqual(y.ContentHashes!) && x.RejectedIndices!.SequenceEqual(y.RejectedIndices!);

        public int GetHashCode(ChunkPlanEntry obj) => obj.ChunkId;
    }
}
