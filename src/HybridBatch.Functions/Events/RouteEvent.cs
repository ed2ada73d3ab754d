using HybridBatch.Core.Splitting;

namespace HybridBatch.Functions.Events;

/// <summary>The <c>route</c> event: one item of the Distributed Map over the plan, with its run.</summary>
internal sealed record RouteEvent
{
    public required string RunId { get; init; }

    public required ChunkPlanEntry Chunk { get; init; }
}
