namespace HybridBatch.Core.Processing;

/// <summary>
/// What processing one chunk did: records read, published, and skipped as rejected by the split; and how many
/// published records lacked the configured key field (keyed by their identity instead).
/// </summary>
public sealed record ChunkCounts(long Records, long Published, long Skipped, long WithoutKeyField = 0);
