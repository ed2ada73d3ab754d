using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Processing;

/// <summary>
/// How far a chunk's publishing is committed: <see cref="Step"/> steps are durable at the destination, covering
/// records [chunk start, <see cref="NextIndex"/>). A resume opens the chunk's data at <see cref="ByteOffset"/>
/// (relative to the start of the chunk's byte range or staged copy), numbers lines from <see cref="NextLine"/> and
/// carries the counts on, so the finished chunk's counts equal those of one uninterrupted run. Stored in
/// <c>progress/chunk-N.json</c> and, where the destination can, committed together with the step itself.
/// </summary>
public sealed record ChunkCheckpoint
{
    public required string RunId { get; init; }

    public required int ChunkId { get; init; }

    /// <summary>How many steps are committed (0 before the first).</summary>
    public required int Step { get; init; }

    /// <summary>The first record index not yet committed.</summary>
    public required long NextIndex { get; init; }

    /// <summary>Where the record at <see cref="NextIndex"/> starts, relative to the start of the chunk's data.</summary>
    public required long ByteOffset { get; init; }

    /// <summary>The line on which the record at <see cref="NextIndex"/> starts.</summary>
    public required long NextLine { get; init; }

    /// <summary>Records read so far, rejected ones included.</summary>
    public required long Records { get; init; }

    public required long Published { get; init; }

    /// <summary>Records skipped so far because the split rejected them.</summary>
    public required long Skipped { get; init; }

    /// <summary>Published records so far that lacked the key field (keyed by their identity instead).</summary>
    public long WithoutKeyField { get; init; }

    /// <summary>Nothing committed yet: the chunk's first record.</summary>
    public static ChunkCheckpoint Start(string runId, ChunkPlanEntry chunk) => new()
    {
        RunId = runId,
        ChunkId = chunk.ChunkId,
        Step = 0,
        NextIndex = chunk.StartIndex,
        ByteOffset = 0,
        NextLine = chunk.FirstLine,
        Records = 0,
        Published = 0,
        Skipped = 0,
    };

    /// <summary>Every record of the chunk is committed: the chunk's publishing is done.</summary>
    public bool IsFinal(ChunkPlanEntry chunk) => NextIndex == chunk.EndIndex;

    /// <summary>The counts as a chunk result reports them.</summary>
    public ChunkCounts Counts => new(Records, Published, Skipped, WithoutKeyField);

    /// <summary>
    /// Throws <see cref="ChunkDataException"/> when this checkpoint cannot be one of <paramref name="chunk"/>'s (another
    /// run or chunk, or a position outside its range): resuming from it would skip or repeat records.
    /// </summary>
    public void EnsureBelongsTo(string runId, ChunkPlanEntry chunk, string where)
    {
        bool fits = RunId == runId
            && ChunkId == chunk.ChunkId
            && Step >= 0
            && NextIndex >= chunk.StartIndex && NextIndex <= chunk.EndIndex
            && ByteOffset >= 0 && ByteOffset <= chunk.Bytes
            && Records == NextIndex - chunk.StartIndex
            && Published >= 0 && Skipped >= 0 && Published + Skipped == Records;
        if (!fits)
        {
            throw new ChunkDataException(chunk.ChunkId,
                $"the checkpoint in {where} (run {RunId}, chunk {ChunkId}, step {Step}, next index {NextIndex}, byte offset {ByteOffset}, " +
                $"{Records} records = {Published} published + {Skipped} skipped) does not fit run {runId}'s chunk of records " +
                $"[{chunk.StartIndex}, {chunk.EndIndex}) and {chunk.Bytes} bytes");
        }
    }

    /// <summary>The later of two checkpoints of the same chunk (the one that reaches further); null when both are.</summary>
    public static ChunkCheckpoint? Later(ChunkCheckpoint? a, ChunkCheckpoint? b) =>
        a is null ? b : b is null ? a : b.NextIndex > a.NextIndex || (b.NextIndex == a.NextIndex && b.Step > a.Step) ? b : a;
}
