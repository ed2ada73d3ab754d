using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Sinks;

/// <summary>Writes messages as JSON Lines envelopes to standard output (batches never interleave).</summary>
internal sealed class StdoutSink : IRecordSink
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private readonly Stream _stdout;
    private readonly EnvelopeWriter _envelopes;

    public StdoutSink(Stream stdout, ChunkContext context)
    {
        _stdout = stdout;
        _envelopes = new EnvelopeWriter(context);
    }

    public async ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> lines = _envelopes.Render(batch);
        await s_gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stdout.WriteAsync(lines, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            s_gate.Release();
        }
    }

    /// <summary>Flushes: what a step wrote has left the process. Standard output keeps no record of steps, so a retry resumes from the stored checkpoint.</summary>
    public async ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken) =>
        await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
