using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Cli.Local;

/// <summary>One chunk of a local run, its route, and how far it got (read by the progress display).</summary>
internal sealed class ChunkWork(ChunkPlanEntry chunk, RouteDecision decision)
{
    public ChunkPlanEntry Chunk { get; } = chunk;

    public RouteDecision Decision { get; } = decision;

    public volatile bool Done;

    public long Published;
}
