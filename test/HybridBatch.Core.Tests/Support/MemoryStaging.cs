using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Tests.Support;

/// <summary>Chunk staging into memory, keeping what each chunk received.</summary>
internal sealed class MemoryStaging : IChunkStaging
{
    public Dictionary<int, byte[]> Staged { get; } = [];

    public Stream Open(int chunkId) => new MemoryStream();

    public Task<(string Key, string Version)> CompleteAsync(int chunkId, Stream stream, CancellationToken cancellationToken)
    {
        Staged[chunkId] = ((MemoryStream)stream).ToArray();
        return Task.FromResult(($"staged/{chunkId}", $"v{chunkId}"));
    }
}
