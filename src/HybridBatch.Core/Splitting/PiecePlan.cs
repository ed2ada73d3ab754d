namespace HybridBatch.Core.Splitting;

/// <summary>
/// Cuts the input's data into the parallel split's pieces, about <see cref="PiecesPerThread"/> per thread, so that
/// the threads get about equal work whatever the chunks are (1,000,000 records make chunks of 290,000 × 3 and
/// 130,000: one per thread would leave a core idle for the last one). Each nominal cut is a block edge of
/// <see cref="ChunkContentHash"/> (a multiple of <see cref="SplitOptions.HashBlockBytes"/>), moved forward to the next
/// record boundary (<see cref="RangeBoundaries"/>), so each piece hashes whole blocks as it validates: the bytes from its
/// cut to its first record (at most a record and blank lines) are read once more, nothing else is.
/// </summary>
internal static class PiecePlan
{
    /// <summary>About this many pieces per thread: small enough that the last ones even out a thread slowed by the
    /// machine's load, large enough that a piece's fixed cost (a read opened, its first bytes read twice) stays unseen.</summary>
    public const int PiecesPerThread = 8;

    /// <summary>
    /// The nominal cuts of data [<paramref name="dataStart"/>, <paramref name="length"/>): the data's start, the block
    /// edges between <paramref name="hashStart"/> (the first byte hashed: the data's start, after a byte-order mark if
    /// any) and the end at about equal distances, and the end.
    /// </summary>
    public static long[] Cuts(long dataStart, long hashStart, long length, int threads, int blockBytes)
    {
        long pieceBytes = Math.Max(1, (length - dataStart) / ((long)threads * PiecesPerThread));
        long step = Math.Max(1, (pieceBytes + (blockBytes / 2)) / blockBytes) * blockBytes;
        var cuts = new List<long> { dataStart };
        for (long edge = ((hashStart / step) + 1) * step; edge < length; edge += step)
        {
            cuts.Add(edge);
        }

        cuts.Add(length);
        return [.. cuts];
    }

    /// <summary>
    /// The pieces of <paramref name="ranges"/>, the ranges <see cref="RangeBoundaries"/> found for
    /// <paramref name="cuts"/>: each hashes from its cut to the next piece's (the first from
    /// <paramref name="hashStart"/>); an empty range (no record starts between its cut and the next) gives its cut's
    /// blocks to the piece before, whose last record runs through them.
    /// </summary>
    public static ValidationPiece[] Pieces(SplitRange[] ranges, long[] cuts, long hashStart)
    {
        var pieces = new List<ValidationPiece>();
        for (int i = 0; i < ranges.Length; i++)
        {
            if (i > 0 && ranges[i].Start == ranges[i].End)
            {
                pieces[^1] = pieces[^1] with { HashEnd = cuts[i + 1] };
                continue;
            }

            pieces.Add(new ValidationPiece(ranges[i], i == 0 ? hashStart : cuts[i], cuts[i + 1]));
        }

        return [.. pieces];
    }
}
