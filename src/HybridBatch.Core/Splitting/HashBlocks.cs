namespace HybridBatch.Core.Splitting;

/// <summary>
/// The hashed blocks of bytes [<see cref="Start"/>, <see cref="End"/>) (<see cref="ChunkContentHash"/>): cut at
/// <see cref="Origin"/> plus multiples of <see cref="BlockBytes"/>, the first block from <see cref="Start"/> to the
/// first cut after it, the last one ending at <see cref="End"/>. Origin 0 is this build's layout (blocks at object
/// offsets); origin <see cref="Start"/> the older one (blocks from the chunk's first byte). Offsets are absolute.
/// </summary>
public readonly record struct HashBlocks
{
    private readonly long _firstCut;

    /// <param name="start">The first byte.</param>
    /// <param name="end">Exclusive.</param>
    /// <param name="origin">Where the grid of cuts starts, at most <paramref name="start"/>.</param>
    /// <param name="blockBytes">The grid's step.</param>
    public HashBlocks(long start, long end, long origin, int blockBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(origin, start);
        Start = start;
        End = end;
        Origin = origin;
        BlockBytes = blockBytes;
        _firstCut = origin + (((start - origin) / blockBytes) + 1) * blockBytes;
    }

    public long Start { get; }

    public long End { get; }

    public long Origin { get; }

    public int BlockBytes { get; }

    /// <summary>How many blocks the range has (0 when it is empty).</summary>
    public long Count => End <= Start ? 0 : End <= _firstCut ? 1 : 1 + ((End - _firstCut + BlockBytes - 1) / BlockBytes);

    /// <summary>The block that holds byte <paramref name="offset"/> (Start ≤ offset &lt; End).</summary>
    public long IndexOf(long offset) => offset < _firstCut ? 0 : 1 + ((offset - _firstCut) / BlockBytes);

    /// <summary>Where block <paramref name="index"/> starts.</summary>
    public long BlockStart(long index) => index == 0 ? Start : _firstCut + ((index - 1) * BlockBytes);

    /// <summary>Where block <paramref name="index"/> ends (exclusive).</summary>
    public long BlockEnd(long index) => Math.Min(End, _firstCut + (index * BlockBytes));

    /// <summary>How many bytes block <paramref name="index"/> has.</summary>
    public int BlockLength(long index) => (int)(BlockEnd(index) - BlockStart(index));
}
