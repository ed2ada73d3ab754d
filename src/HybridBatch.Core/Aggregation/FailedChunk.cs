using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Aggregation;

/// <summary>A chunk whose valid records were not (all) published, and why.</summary>
public sealed record FailedChunk(int ChunkId, Route? Route, long StartIndex, long EndIndex, long NotProcessed, string Error)
{
    /// <summary>
    /// Another attempt can publish it: it never reported (its worker died or was stopped before storing a result) or
    /// was interrupted. False when its result names a failure the chunk's data or settings cause, or one of unknown class.
    /// </summary>
    public bool Retryable { get; init; }
}
