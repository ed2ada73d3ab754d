namespace HybridBatch.Core.Splitting;

/// <summary>
/// Cuts the input's data into the parallel split's pieces, so that the threads get about equal work whatever the
/// chunks are (1,000,000 records make chunks of 290,000 × 3 and 130,000: one per thread would leave a core idle for the
/// last one). Each nominal cut is a block edge of <see cref="ChunkContentHash"/> (a multiple of
/// <see cref="SplitOptions.HashBlockBytes"/>), moved forward to the next record boundary (<see cref="RangeBoundaries"/>),
/// so each piece hashes whole blocks as it validates: the bytes from its cut to its first record (at most a record and
/// blank lines) are read once more, nothing else is.
/// </summary>
/// <remarks>
/// Pieces shrink as the input goes on: each takes 1/(<see cref="ShareDivisor"/> × threads) of the blocks left, at least
/// one, so the last ones are single blocks and the threads, taking the largest piece left, finish within about a
/// block of each other, even when the machine's load slows one of them. Pieces of equal size (17 of 3 blocks for 1 M
/// orders on 2 threads, the last one short) left one thread a whole piece (about 14 ms by the sizes) after the other
/// had finished.
/// A piece's fixed cost (a read opened, the end of a record read twice, a line feed looked for) stays unseen: 1 M
/// orders make about 15 pieces on 2 threads, 10 GB about 30.
/// </remarks>
internal static class PiecePlan
{
    /// <summary>Each piece takes 1/(this × threads) of the blocks not yet in a piece.</summary>
    public const int ShareDivisor = 2;

    /// <summary>
    /// The nominal cuts of data [<paramref name="dataStart"/>, <paramref name="length"/>): the data's start, block edges
    /// after <paramref name="hashStart"/> (the first byte hashed: the data's start, after a byte-order mark if any), and
    /// the end.
    /// </summary>
    public static long[] Cuts(long dataStart, long hashStart, long length, int threads, int blockBytes)
    {
        var cuts = new List<long> { dataStart };
        for (long at = hashStart; ;)
        {
            long blocks = Math.Max(1, (length - at) / blockBytes / ((long)ShareDivisor * threads));
            at = ((at / blockBytes) + blocks) * blockBytes;
            if (at >= length)
            {
                break;
            }

            cuts.Add(at);
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
