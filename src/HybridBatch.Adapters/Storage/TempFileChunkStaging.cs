using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Storage;

/// <summary>
/// Stages each chunk of a compressed input in a temporary file while the split scans (writes are synchronous
/// there), then stores it as <c>runs/{runId}/chunks/chunk-NNNNN.data</c>.
/// </summary>
public sealed class TempFileChunkStaging : IChunkStaging
{
    private readonly IObjectStore _store;
    private readonly RunLayout _layout;

    public TempFileChunkStaging(IObjectStore store, RunLayout layout)
    {
        _store = store;
        _layout = layout;
    }

    public Stream Open(int chunkId) =>
        new FileStream(Path.Combine(Path.GetTempPath(), $"hybridbatch-{_layout.RunId}-{chunkId}-{Guid.NewGuid():N}.data"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    public async Task<(string Key, string Version)> CompleteAsync(int chunkId, Stream stream, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            ObjectLocation target = _layout.StagedChunk(chunkId);
            stream.Position = 0;
            await using (Stream upload = await _store.OpenWriteAsync(target, cancellationToken).ConfigureAwait(false))
            {
                await stream.CopyToAsync(upload, cancellationToken).ConfigureAwait(false);
            }

            ObjectInfo info = await _store.StatAsync(target, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"staged chunk {target} vanished right after it was written");
            return (target.Key, info.Version);
        }
    }
}
