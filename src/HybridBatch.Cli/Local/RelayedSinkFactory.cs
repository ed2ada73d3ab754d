using HybridBatch.Core.Processing;

namespace HybridBatch.Cli.Local;

/// <summary>
/// The Lambda-route chunks' standard-output sinks, taking turns with the Batch-route workers' relayed output
/// (<see cref="StdoutRelay"/>): each batch is written while holding the relay's turn, so a batch written here and a
/// block of lines relayed from a worker never interleave on the one standard output.
/// </summary>
internal sealed class RelayedSinkFactory(IRecordSinkFactory inner, StdoutRelay relay) : IRecordSinkFactory
{
    public string Destination => inner.Destination;

    public async ValueTask<IRecordSink> CreateAsync(ChunkContext context, CancellationToken cancellationToken) =>
        new Sink(await inner.CreateAsync(context, cancellationToken).ConfigureAwait(false), relay);

    private sealed class Sink(IRecordSink inner, StdoutRelay relay) : IRecordSink
    {
        public ValueTask<ChunkCheckpoint?> RecoverAsync(CancellationToken cancellationToken) => inner.RecoverAsync(cancellationToken);

        public async ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken)
        {
            using IDisposable turn = await relay.TakeTurnAsync(cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken)
        {
            using IDisposable turn = await relay.TakeTurnAsync(cancellationToken).ConfigureAwait(false);
            await inner.CommitStepAsync(reached, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
