namespace HybridBatch.Core.Processing;

/// <summary>
/// Where one chunk's messages go (Kafka, SQS, a file, stdout, nowhere), in steps. Messages written since the last
/// step become durable together at <see cref="CommitStepAsync"/>; a sink that can commit them atomically with the
/// checkpoint they reach (a Kafka transaction with its completion record, a file part and its checkpoint) also
/// answers <see cref="RecoverAsync"/>, so a retry resumes after the last committed step even when the checkpoint in
/// the work bucket was never written. Failures throw: a message that cannot be delivered fails the chunk, it is never
/// dropped.
/// </summary>
public interface IRecordSink : IAsyncDisposable
{
    /// <summary>
    /// What the destination itself knows is committed for this chunk (its last committed step), or null when it keeps
    /// no such record. Called once, before the first write.
    /// </summary>
    ValueTask<ChunkCheckpoint?> RecoverAsync(CancellationToken cancellationToken) => ValueTask.FromResult<ChunkCheckpoint?>(null);

    /// <summary>Takes a batch; the sink copies what it keeps before returning.</summary>
    ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Makes everything written since the last step durable, together with <paramref name="reached"/> where the
    /// destination can, or throws why not. After the final step (<paramref name="reached"/> covers the whole chunk)
    /// the sink is done.
    /// </summary>
    ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken);
}
