using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// The parallel split's validation pieces: they cover every chunk exactly, in order, each hashing whole blocks; they
/// keep the threads' work even when the chunks are uneven; and an input that changes between the framing pass and
/// the validation pass fails as "object changed" instead of giving a plan of bytes nobody read.
/// </summary>
public sealed class ParallelSplitPiecesTests
{
    [Theory]
    [InlineData(2, 290, 64)]
    [InlineData(3, 100, 100)]
    [InlineData(2, 1000, 4096)]
    public async Task Pieces_cover_each_chunk_in_order_and_hash_whole_blocks(int threads, int chunkRecords, int blockBytes)
    {
        byte[] data = Orders(1000);
        var options = new SplitOptions { ChunkRecords = chunkRecords, Threads = threads, HashBlockBytes = blockBytes, MinRangeBytes = 1 };

        (IReadOnlyList<ChunkBounds> chunks, IReadOnlyList<ValidationPiece> pieces) = await CutAsync(data, options, threads);

        Assert.Equal((1000 + chunkRecords - 1) / chunkRecords, chunks.Count);
        foreach (ChunkBounds chunk in chunks)
        {
            ValidationPiece[] own = pieces.Where(p => p.ChunkId == chunk.ChunkId).ToArray();
            Assert.NotEmpty(own);
            Assert.Equal((chunk.StartIndex, chunk.ByteStart, chunk.ByteStart), (own[0].StartIndex, own[0].ByteStart, own[0].HashFrom));
            Assert.Equal((chunk.EndIndex, chunk.ByteEnd, chunk.ByteEnd), (own[^1].EndIndex, own[^1].ByteEnd, own[^1].HashTo));
            for (int i = 0; i < own.Length; i++)
            {
                ValidationPiece piece = own[i];
                Assert.True(piece.StartIndex < piece.EndIndex, $"piece {i} of chunk {chunk.ChunkId} has no records");
                Assert.True(piece.HashFrom <= piece.ByteStart && piece.ByteStart < piece.HashTo && piece.HashTo <= piece.ByteEnd);
                Assert.Equal(0, (piece.HashFrom - chunk.ByteStart) % blockBytes);
                if (i > 0)
                {
                    Assert.Equal((own[i - 1].EndIndex, own[i - 1].ByteEnd, own[i - 1].HashTo), (piece.StartIndex, piece.ByteStart, piece.HashFrom));
                }
            }
        }
    }

    [Fact]
    public async Task Uneven_chunks_are_cut_so_no_piece_holds_more_than_an_eighth_of_a_thread_pair_s_work()
    {
        // 1,000,000 orders in chunks of 290,000 in miniature: three full chunks and one less than half as large.
        byte[] data = Orders(1000);
        var options = new SplitOptions { ChunkRecords = 290, Threads = 2, HashBlockBytes = 256, MinRangeBytes = 1 };

        (IReadOnlyList<ChunkBounds> chunks, IReadOnlyList<ValidationPiece> pieces) = await CutAsync(data, options, threads: 2);

        Assert.Equal(4, chunks.Count);
        long total = pieces.Sum(p => p.Bytes);
        Assert.True(pieces.Count >= 2 * chunks.Count, $"{pieces.Count} pieces for {chunks.Count} chunks");
        Assert.All(pieces, p => Assert.True(p.Bytes <= total / 8, $"a piece of {p.Bytes} bytes out of {total}"));
    }

    [Fact]
    public async Task An_input_changed_between_the_passes_fails_as_object_changed()
    {
        byte[] data = Orders(400);
        byte[] changed = (byte[])data.Clone();
        // Two records become one: the validation pass frames one record fewer than the framing pass counted.
        int newline = Array.IndexOf(changed, (byte)'\n', changed.Length / 2);
        changed[newline] = (byte)' ';
        int reads = 0;
        RangeReader read = (start, end, _) =>
        {
            // The boundary search and the two ranges' framing read the original; everything after, the changed bytes.
            byte[] now = Interlocked.Increment(ref reads) <= 3 ? data : changed;
            return Task.FromResult<Stream>(new MemoryStream(now, (int)start, (int)(end - start), writable: false));
        };
        var options = new SplitOptions { ChunkRecords = 1000, Threads = 2, MinRangeBytes = 1 };
        var split = new ParallelSplit(TestSchemas.IdAndName, InputFormat.JsonLines, options);

        InvalidDataException failed = await Assert.ThrowsAsync<InvalidDataException>(() =>
            split.SplitAsync(read, data.Length, Stream.Null, where => new InvalidDataException(where), CancellationToken.None));

        Assert.Contains("held records 0 to 399 when framed", failed.Message);
    }

    private static async Task<(IReadOnlyList<ChunkBounds>, IReadOnlyList<ValidationPiece>)> CutAsync(byte[] data, SplitOptions options, int threads)
    {
        RangeReader read = (start, end, _) => Task.FromResult<Stream>(new MemoryStream(data, (int)start, (int)(end - start), writable: false));
        SplitRange[] ranges = await RangeBoundaries.FindAsync(read, InputFormat.JsonLines, 0, 1, data.Length, threads, CancellationToken.None);
        var framed = new List<RangeOutcome>();
        foreach (SplitRange range in ranges)
        {
            framed.Add(await RangePass.FrameAsync(read, range, InputFormat.JsonLines, options, CancellationToken.None));
        }

        return await PiecePlan.CutAsync(new FramedInput(read, InputFormat.JsonLines, options, [.. framed]), options, threads, CancellationToken.None);
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
}
