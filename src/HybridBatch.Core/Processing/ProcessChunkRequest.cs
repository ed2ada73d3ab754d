using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Processing;

/// <summary>
/// Which chunk to process. <see cref="StartIndex"/>/<see cref="EndIndex"/>, when given (the Batch job's
/// parameters), must match the plan: a job never processes a range the plan does not have.
/// </summary>
public sealed record ProcessChunkRequest
{
    public required string WorkBucket { get; init; }

    public required string RunId { get; init; }

    public required int ChunkId { get; init; }

    public long? StartIndex { get; init; }

    public long? EndIndex { get; init; }

    public required Route Route { get; init; }

    public int Attempt { get; init; } = 1;

    public required string Worker { get; init; }

    public double EstimatedCostUsd { get; init; }

    /// <summary>What the cost model expected the chunk to take, seconds; carried into the result so reports show estimate beside actual.</summary>
    public double EstimatedSeconds { get; init; }

    /// <summary>How often progress is written for pollers. Default 5 s.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);
}
