namespace HybridBatch.Core.Processing;

/// <summary>
/// A worker's progress on one chunk: written at a steady interval so pollers can show it, and right after each step
/// commits, with <see cref="Checkpoint"/> (the last committed step) for a retry to resume from.
/// </summary>
public sealed record ChunkProgress(string RunId, int ChunkId, long Published, long Records, double RecordsPerSecond, DateTimeOffset UpdatedAt, string Worker)
{
    /// <summary>The last step committed at the destination; null before the first.</summary>
    public ChunkCheckpoint? Checkpoint { get; init; }
}
