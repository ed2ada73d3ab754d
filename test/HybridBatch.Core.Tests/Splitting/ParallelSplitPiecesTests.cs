using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// The parallel split's pieces: cut at block edges of the content hashes, they cover the input exactly, in order, each
/// hashing whole blocks from its cut; they keep the threads' work even; and an input that changes between the pass
/// and the re-read of a block a chunk start falls in fails as "object changed" instead of giving a plan of bytes
/// nobody validated.
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

        (long[] cuts, ValidationPiece[] pieces) = await CutAsync(data, threads: 8, blockBytes: 8);

        // Cuts every 8 bytes; the second record (bytes 9 to 327) holds 39 of them, the third starts at cut 328.
        Assert.True(cuts.Length > 40, $"{cuts.Length} cuts");
        Assert.Equal([0L, 9, 328], pieces.Select(p => p.Range.Start));
        Assert.Equal([0L, 8, 328], pieces.Select(p => p.HashStart));
        Assert.Equal([8L, 328, data.Length], pieces.Select(p => p.HashEnd));
    }

    [Fact]
    public async Task Uneven_chunks_do_not_make_uneven_work_no_piece_holds_more_than_an_eighth_of_a_thread_pair_s_work()
    {
        byte[] data = Orders(1000);

        (_, ValidationPiece[] pieces) = await CutAsync(data, threads: 2, blockBytes: 256);

        long total = pieces.Sum(p => p.Bytes);
        Assert.True(pieces.Length >= 2 * PiecePlan.PiecesPerThread - 2, $"{pieces.Length} pieces");
        Assert.All(pieces, p => Assert.True(p.Bytes <= total / 8, $"a piece of {p.Bytes} bytes out of {total}"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task An_input_changed_between_the_pass_and_the_reread_of_a_chunk_start_s_block_fails_as_object_changed(int threads)
    {
        const int blockBytes = 256;
        byte[] data = Orders(400);
        var options = new SplitOptions { ChunkRecords = 100, Threads = threads, MinRangeBytes = 1, HashBlockBytes = blockBytes };
        SplitOutcome reference = await new Splitter(TestSchemas.IdAndName, InputFormat.JsonLines, options with { Threads = 1 })
            .SplitAsync(new MemoryStream(data), Stream.Null, null, CancellationToken.None);
        ChunkPlanEntry second = reference.Chunks[1];
        Assert.NotEqual(0, second.ByteStart % blockBytes);

        // A digit of the chunk's first id: the records and their boundaries stay as they were, the block's hash does not.
        int changedAt = (int)second.ByteStart + "{\"id\":1".Length;
        Assert.InRange(changedAt, second.ByteStart, (second.ByteStart / blockBytes * blockBytes) + blockBytes - 1);
        var read = new SecondReadDiffers(data, changedAt, blockBytes);
        var split = new ParallelSplit(TestSchemas.IdAndName, InputFormat.JsonLines, options);

        InvalidDataException failed = await Assert.ThrowsAsync<InvalidDataException>(() =>
            split.SplitAsync(read.Read, data.Length, Stream.Null, where => new InvalidDataException(where), CancellationToken.None));

        long blockStart = second.ByteStart / blockBytes * blockBytes;
        Assert.Contains($"bytes [{blockStart}, {blockStart + blockBytes}) hashed to", failed.Message);
        Assert.Contains("when read again to cut a chunk in them", failed.Message);
        Assert.Equal(1, read.ChangedReads);

        // Unchanged, the same input gives the one-thread plan: the failure above is the change's.
        RangeReader unchanged = (start, end, _) => Task.FromResult<Stream>(new MemoryStream(data, (int)start, (int)(end - start), writable: false));
        SplitOutcome same = await split.SplitAsync(unchanged, data.Length, Stream.Null, where => new InvalidDataException(where), CancellationToken.None);
        Assert.Equal(reference.Chunks, same.Chunks, ChunkEntryComparer.Instance);
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

    /// <summary>
    /// Serves the input, but with byte <c>changedAt</c> changed in any read of a whole block that holds it: the pass
    /// reads pieces, boundaries and checkpoints; only the merge reads a block again, and by then the byte has changed.
    /// </summary>
    private sealed class SecondReadDiffers(byte[] data, int changedAt, int blockBytes)
    {
        private readonly byte[] _changed = Changed(data, changedAt);

        public int ChangedReads { get; private set; }

        public Task<Stream> Read(long start, long end, CancellationToken cancellationToken)
        {
            bool again = changedAt >= start && changedAt < end && start % blockBytes == 0 && end - start == blockBytes;
            ChangedReads += again ? 1 : 0;
            return Task.FromResult<Stream>(new MemoryStream(again ? _changed : data, (int)start, (int)(end - start), writable: false));
        }

        private static byte[] Changed(byte[] data, int at)
        {
            byte[] copy = (byte[])data.Clone();
            copy[at] = copy[at] == (byte)'7' ? (byte)'8' : (byte)'7';
            return copy;
        }
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
