using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Cli.Local;

/// <summary>One chunk of a local run, its route, and how far it got (read by the progress display).</summary>
internal sealed class ChunkWork(ChunkPlanEntry chunk, RouteDecision decision)
{
    public ChunkPlanEntry Chunk { get; } = chunk;

    public RouteDecision Decision { get; } = decision;

    /// <summary>What the local run model expects this chunk to take, seconds (its result carries it into the report).</summary>
    public double EstimatedSeconds { get; set; }

    /// <summary>An earlier run of the same plan published this chunk; it is not run again.</summary>
    public bool Reused { get; init; }

    public volatile bool Done;

    public long Published;

    /// <summary>The chunk's last attempt failed for a reason another attempt can fix (transient, interrupted, killed).</summary>
    public volatile bool FailedTransiently;
}
