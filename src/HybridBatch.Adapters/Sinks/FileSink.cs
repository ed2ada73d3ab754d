using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Sinks;

/// <summary>
/// Writes one chunk's messages to <c>chunk-NNNNN.jsonl</c> in a folder. The file appears only when the chunk
/// completes; a failed or retried chunk leaves no partial file behind.
/// </summary>
internal sealed class FileSink : IRecordSink
{
    private readonly string _target;
    private readonly string _partial;
    private readonly FileStream _stream;
    private readonly EnvelopeWriter _envelopes;
    private bool _completed;

    public FileSink(string folder, ChunkContext context)
    {
        Directory.CreateDirectory(folder);
        _target = Path.Combine(folder, $"chunk-{context.ChunkId:D5}.jsonl");
        _partial = $"{_target}.partial-{context.Attempt}-{Guid.NewGuid():N}";
        _stream = new FileStream(_partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        _envelopes = new EnvelopeWriter(context);
    }

    public ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken) =>
        _stream.WriteAsync(_envelopes.Render(batch), cancellationToken);

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Move(_partial, _target, overwrite: true);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
        {
            File.Delete(_partial);
        }
    }
}
