using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// What each step's transaction writes to the control topic beside the step's records, keyed <c>runId/chunkId</c>:
/// the checkpoint the step reached (run, chunk, step, next index, byte offset, line, counts), the first index the step
/// covered, and which attempt committed it. Committed with the records or aborted with them, so a read_committed
/// reader of the control topic knows exactly which steps of a chunk are in the topic.
/// </summary>
public sealed record CompletionRecord
{
    public required ChunkCheckpoint Checkpoint { get; init; }

    /// <summary>The first record index of the step: records [FirstIndex, Checkpoint.NextIndex) are the step's.</summary>
    public required long FirstIndex { get; init; }

    public required int Attempt { get; init; }

    public required DateTimeOffset CommittedAt { get; init; }
}
