namespace HybridBatch.Core.Splitting;

/// <summary>
/// Cuts the framed input into chunks (every <see cref="SplitOptions.ChunkRecords"/> records, as the one-thread split
/// does) and each chunk into pieces for the validation pass, so that the split's threads get about equal work even when
/// chunks are few or uneven (1,000,000 records make chunks of 290,000 × 3 and 130,000: one chunk per thread would leave
/// a core idle for the last one).
/// </summary>
/// <remarks>
/// A piece starts at the first record at or after a block edge of its chunk (<see cref="SplitOptions.HashBlockBytes"/>
/// from the chunk's first byte), so it hashes whole blocks: the bytes of its first block before its first record (at
/// most a record and blank lines) are read once more, nothing else is. A chunk with one block is one piece.
/// </remarks>
internal static class PiecePlan
{
    /// <summary>About this many pieces per thread: small enough that the last ones even out a thread slowed by the
    /// machine's load, large enough that a piece's fixed cost (a read opened, a start located) stays unseen.</summary>
    public const int PiecesPerThread = 8;

    public static async Task<(IReadOnlyList<ChunkBounds> Chunks, IReadOnlyList<ValidationPiece> Pieces)> CutAsync(
        FramedInput framed, SplitOptions options, int threads, CancellationToken cancellationToken)
    {
        IReadOnlyList<ChunkBounds> chunks = await ChunksAsync(framed, options.ChunkRecords, cancellationToken).ConfigureAwait(false);
        var pieces = new List<ValidationPiece>();
        if (chunks.Count == 0)
        {
            return (chunks, pieces);
        }

        long block = options.HashBlockBytes;
        long bytes = framed.End - chunks[0].ByteStart;
        long pieceBytes = Math.Max(1, bytes / ((long)threads * PiecesPerThread));
        long blocksPerPiece = Math.Max(1, (pieceBytes + block / 2) / block);
        foreach (ChunkBounds chunk in chunks)
        {
            await CutChunkAsync(framed, chunk, block, blocksPerPiece, pieces, cancellationToken).ConfigureAwait(false);
        }

        return (chunks, pieces);
    }

    private static async Task<IReadOnlyList<ChunkBounds>> ChunksAsync(FramedInput framed, int chunkRecords, CancellationToken cancellationToken)
    {
        var starts = new List<RecordStart>();
        for (long index = 0; index < framed.Records; index += chunkRecords)
        {
            starts.Add(await framed.RecordAsync(index, cancellationToken).ConfigureAwait(false));
        }

        var chunks = new List<ChunkBounds>(starts.Count);
        for (int i = 0; i < starts.Count; i++)
        {
            long endIndex = i + 1 < starts.Count ? starts[i + 1].Index : framed.Records;
            long byteEnd = i + 1 < starts.Count ? starts[i + 1].Offset : framed.End;
            chunks.Add(new ChunkBounds(i, starts[i].Index, endIndex, starts[i].Offset, byteEnd, starts[i].Line));
        }

        return chunks;
    }

    private static async Task CutChunkAsync(FramedInput framed, ChunkBounds chunk, long block, long blocksPerPiece, List<ValidationPiece> pieces, CancellationToken cancellationToken)
    {
        long blocks = ChunkContentHash.BlockCount(chunk.ByteEnd - chunk.ByteStart, (int)block);
        long count = Math.Max(1, (blocks + blocksPerPiece - 1) / blocksPerPiece);
        var edges = new List<(long HashFrom, RecordStart First)> { (chunk.ByteStart, new RecordStart(chunk.StartIndex, chunk.ByteStart, chunk.FirstLine)) };
        for (long j = 1; j < count; j++)
        {
            long edge = chunk.ByteStart + blocks * j / count * block;
            RecordStart? first = await framed.FirstRecordFromAsync(edge, cancellationToken).ConfigureAwait(false);

            // No record starts between this edge and the chunk's end or the next edge (a record longer than the
            // blocks between them): the block goes to the piece before.
            if (first is { } start && start.Offset < chunk.ByteEnd && start.Offset > edges[^1].First.Offset)
            {
                edges.Add((edge, start));
            }
        }

        for (int i = 0; i < edges.Count; i++)
        {
            (long hashFrom, RecordStart first) = edges[i];
            bool last = i + 1 == edges.Count;
            pieces.Add(new ValidationPiece(chunk.ChunkId, first.Index,
                last ? chunk.EndIndex : edges[i + 1].First.Index,
                first.Offset,
                last ? chunk.ByteEnd : edges[i + 1].First.Offset,
                first.Line,
                hashFrom,
                last ? chunk.ByteEnd : edges[i + 1].HashFrom));
        }
    }
}
