namespace HybridBatch.Core.Splitting;

/// <summary>
/// Stores the decompressed bytes of each chunk of a compressed input as an object of its own, so workers
/// can read a chunk without decompressing the file from its start.
/// </summary>
public interface IChunkStaging
{
    /// <summary>A stream that receives the chunk's bytes, written synchronously while the split scans.</summary>
    Stream Open(int chunkId);

    /// <summary>Finishes the chunk's object and returns its key and version.</summary>
    Task<(string Key, string Version)> CompleteAsync(int chunkId, Stream stream, CancellationToken cancellationToken);
}
