namespace HybridBatch.Core.Processing;

/// <summary>Told, between batches, how a chunk's publishing goes: for progress reports and checkpoints.</summary>
public interface IStepObserver
{
    /// <summary>After each batch the sink took: the running count of published records (committed or not).</summary>
    ValueTask OnBatchPublishedAsync(long published, CancellationToken cancellationToken);

    /// <summary>After a step other than the final one committed at the destination.</summary>
    ValueTask OnStepCommittedAsync(ChunkCheckpoint reached, CancellationToken cancellationToken);
}
