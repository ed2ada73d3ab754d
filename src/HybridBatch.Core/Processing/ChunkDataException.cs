namespace HybridBatch.Core.Processing;

/// <summary>
/// The chunk's data is not what the split saw (or cannot be read as planned). Retrying does not help: this
/// is a permanent failure of the chunk.
/// </summary>
public sealed class ChunkDataException : Exception
{
    public ChunkDataException(int chunkId, string message)
        : base($"chunk {chunkId}: {message}")
    {
        ChunkId = chunkId;
    }

    public int ChunkId { get; }
}
