using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Tests.Support;

/// <summary>Staging through the store itself (the real adapter stages through temp files).</summary>
internal sealed class StoreStaging(IObjectStore store, RunLayout layout) : IChunkStaging
{
    public Stream Open(int chunkId) => new MemoryStream();

    public async Task<(string Key, string Version)> CompleteAsync(int chunkId, Stream stream, CancellationToken cancellationToken)
    {
        ObjectLocation target = layout.StagedChunk(chunkId);
        await store.WriteAsync(target, ((MemoryStream)stream).ToArray(), cancellationToken);
        return (target.Key, (await store.StatAsync(target, cancellationToken))!.Version);
    }
}
