namespace HybridBatch.Core.Splitting;

/// <summary>
/// The facts of one chunk being filled, and the one place its <see cref="ChunkPlanEntry"/> is made: the one-thread
/// split feeds it record by record, the parallel split's merge feeds it the same records in the same order, so a
/// new per-chunk fact is one edit here and both splits agree on it.
/// </summary>
internal sealed class ChunkFacts
{
    private readonly int _chunkId;
    private readonly long _startIndex;
    private readonly long _byteStart;
    private readonly long _firstLine;
    private long _records;
    private long _rejected;
    private List<long>? _timeouts;

    public ChunkFacts(int chunkId, long startIndex, long byteStart, long firstLine)
    {
        _chunkId = chunkId;
        _startIndex = startIndex;
        _byteStart = byteStart;
        _firstLine = firstLine;
    }

    public int ChunkId => _chunkId;

    /// <summary>Records added so far, the rejected ones included.</summary>
    public long Records => _records;

    /// <summary>Index the next record added has.</summary>
    public long NextIndex => _startIndex + _records;

    /// <summary>Adds <paramref name="count"/> valid records.</summary>
    public void AddValid(long count = 1) => _records += count;

    /// <summary>Adds the rejected record with index <see cref="NextIndex"/>.</summary>
    public void AddRejected(bool patternTimedOut)
    {
        if (patternTimedOut)
        {
            (_timeouts ??= []).Add(NextIndex);
        }

        _rejected++;
        _records++;
    }

    /// <summary>The plan entry of the chunk, which ends (exclusive) at <paramref name="byteEnd"/>.</summary>
    public ChunkPlanEntry Close(long byteEnd) => new()
    {
        ChunkId = _chunkId,
        StartIndex = _startIndex,
        EndIndex = _startIndex + _records,
        ByteStart = _byteStart,
        ByteEnd = byteEnd,
        Records = _records,
        Bytes = byteEnd - _byteStart,
        Rejected = _rejected,
        PatternTimeouts = _timeouts,
        FirstLine = _firstLine,
    };
}
