using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Aggregation;

/// <summary>A chunk whose valid records were not (all) published, and why.</summary>
public sealed record FailedChunk(int ChunkId, Route? Route, long StartIndex, long EndIndex, long NotProcessed, string Error);
