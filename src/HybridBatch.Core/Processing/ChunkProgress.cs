namespace HybridBatch.Core.Processing;

/// <summary>A worker's progress on one chunk, written at a steady interval so pollers can show it.</summary>
public sealed record ChunkProgress(string RunId, int ChunkId, long Published, long Records, double RecordsPerSecond, DateTimeOffset UpdatedAt, string Worker);
