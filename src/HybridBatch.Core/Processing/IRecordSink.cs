namespace HybridBatch.Core.Processing;

/// <summary>
/// Where one chunk's messages go (Kafka, SQS, a file, stdout, nowhere). Failures throw: a message that
/// cannot be delivered fails the chunk, it is never dropped.
/// </summary>
public interface IRecordSink : IAsyncDisposable
{
    /// <summary>Takes a batch; the sink copies what it keeps before returning.</summary>
    ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken);

    /// <summary>Returns when every message written is delivered (or throws why not). Called once, last.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
