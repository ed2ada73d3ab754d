namespace HybridBatch.Core.Splitting;

/// <summary>
/// The facts of one chunk being filled, and the one place its <see cref="ChunkPlanEntry"/> is made: what a worker
/// needs to publish the chunk without judging its records again — the hashes of its bytes
/// (<see cref="ChunkContentHash"/>) and the indices of the records the split rejected — besides its counts and range.
/// The one-thread split feeds it record by record and byte by byte as they pass; the parallel split's merge feeds it
/// the same records in the same order and the hashes of the blocks its pieces hashed (<see cref="BlockHasher"/> either
/// way), so a new per-chunk fact is one edit here and both splits agree on it (ParallelSplitPropertyTests).
/// </summary>
public sealed class ChunkFacts
{
    /// <summary>
    /// The most rejected indices one chunk lists. Beyond it the chunk lists none and is marked
    /// <see cref="ChunkPlanEntry.Revalidate"/>: its worker validates every record again, as before. The bound comes
    /// from Step Functions: the Distributed Map hands each chunk entry to a child execution whose input may not exceed
    /// 256 KiB, and 10,000 indices of up to 10 digits take at most 110 KB of it. With the default gate (at most 1%
    /// rejected) a 290,000-record chunk lists about 2,900 at most; a chunk with more is already one the gate lets
    /// through only by a user's choice.
    /// </summary>
    public const int MaxListedRejects = 10_000;

    private readonly long _startIndex;
    private readonly long _byteStart;
    private readonly long _firstLine;
    private readonly BlockHasher _hasher;
    private List<long>? _rejectedIndices = [];
    private List<long>? _timeouts;
    private long _rejected;

    /// <param name="chunkId">The chunk's number.</param>
    /// <param name="startIndex">Index of its first record.</param>
    /// <param name="byteStart">Byte offset of its first record (where its first hashed block starts; the next ones start at multiples of <paramref name="hashBlockBytes"/>).</param>
    /// <param name="firstLine">Line its first record starts on.</param>
    /// <param name="hashBlockBytes">Size of its hashed blocks (<see cref="SplitOptions.HashBlockBytes"/>).</param>
    public ChunkFacts(int chunkId, long startIndex, long byteStart, long firstLine, int hashBlockBytes = ChunkContentHash.BlockBytes)
    {
        ChunkId = chunkId;
        _startIndex = startIndex;
        _byteStart = byteStart;
        _firstLine = firstLine;
        _hasher = new BlockHasher(hashBlockBytes, byteStart);
    }

    public int ChunkId { get; }

    /// <summary>Byte offset of the chunk's first record.</summary>
    public long ByteStart => _byteStart;

    /// <summary>Records added so far, the rejected ones included.</summary>
    public long Records { get; private set; }

    /// <summary>Index the next record added has.</summary>
    public long NextIndex => _startIndex + Records;

    /// <summary>Adds <paramref name="count"/> valid records.</summary>
    public void AddValid(long count = 1) => Records += count;

    /// <summary>Adds the rejected record with index <see cref="NextIndex"/>.</summary>
    public void AddRejected(bool patternTimedOut)
    {
        long index = NextIndex;
        if (patternTimedOut)
        {
            (_timeouts ??= []).Add(index);
        }

        if (_rejectedIndices is not null)
        {
            if (_rejectedIndices.Count == MaxListedRejects)
            {
                _rejectedIndices = null;
            }
            else
            {
                _rejectedIndices.Add(index);
            }
        }

        _rejected++;
        Records++;
    }

    /// <summary>Takes the next bytes of the chunk's range, in order.</summary>
    public void Append(ReadOnlySpan<byte> bytes) => _hasher.Append(bytes);

    /// <summary>Takes the hashes of the chunk's blocks (<see cref="HashBlocks"/>), hashed by the parallel split; before any byte.</summary>
    internal void AppendHashedBlocks(IEnumerable<string> hashes) => _hasher.AppendHashed(hashes);

    /// <summary>The plan entry of the chunk, which ends (exclusive) at <paramref name="byteEnd"/>; call once, after its last byte.</summary>
    public ChunkPlanEntry Close(long byteEnd)
    {
        IReadOnlyList<string> hashes = _hasher.Finish();
        return new ChunkPlanEntry
        {
            ChunkId = ChunkId,
            StartIndex = _startIndex,
            EndIndex = _startIndex + Records,
            ByteStart = _byteStart,
            ByteEnd = byteEnd,
            Records = Records,
            Bytes = byteEnd - _byteStart,
            Rejected = _rejected,
            PatternTimeouts = _timeouts,
            FirstLine = _firstLine,
            HashBlockBytes = _hasher.BlockBytes,
            HashBlocksAtObjectOffsets = true,
            ContentHashes = hashes,
            RejectedIndices = _rejectedIndices,
            Revalidate = _rejectedIndices is null,
        };
    }
}
