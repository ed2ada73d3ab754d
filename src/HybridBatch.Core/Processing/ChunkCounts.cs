namespace HybridBatch.Core.Processing;

/// <summary>What processing one chunk did: records read, published, and skipped as rejected by the split.</summary>
public sealed record ChunkCounts(long Records, long Published, long Skipped);
