namespace HybridBatch.Core.Processing;

/// <summary>What a sink needs to know about the chunk it publishes: it goes into every message's metadata.</summary>
public sealed record ChunkContext(string RunId, int ChunkId, string Source, int Attempt);
