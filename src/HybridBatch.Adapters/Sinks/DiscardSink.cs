using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Sinks;

/// <summary>Accepts and drops every message: for dry runs and for measuring the engine without a destination.</summary>
internal sealed class DiscardSink : IRecordSink
{
    public static DiscardSink Instance { get; } = new();

    public ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
