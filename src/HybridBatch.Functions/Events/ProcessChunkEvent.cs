using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Functions.Events;

/// <summary>The <c>process-chunk</c> event: one chunk of the plan and its route, which must say lambda.</summary>
internal sealed record ProcessChunkEvent
{
    public required string RunId { get; init; }

    /// <summary>Where <c>runs/{runId}/</c> is; the function's <c>S3_BUCKET</c> when absent.</summary>
    public string? WorkBucket { get; init; }

    public required ChunkPlanEntry Chunk { get; init; }

    public required RouteDecision Route { get; init; }

    /// <summary>Which attempt this is (the state machine may pass its retry count + 1); 1 when absent.</summary>
    public int? Attempt { get; init; }

    /// <summary>The use case's request; refuses a route for another chunk or for Batch (the chunk would be published twice).</summary>
    public ProcessChunkRequest ToRequest(string? defaultWorkBucket, string worker)
    {
        if (Route.ChunkId != Chunk.ChunkId)
        {
            throw new InvalidEventException($"route is for chunk {Route.ChunkId}, not chunk {Chunk.ChunkId} of run {RunId}");
        }

        if (Route.Route != Core.Routing.Route.Lambda)
        {
            throw new InvalidEventException($"chunk {Chunk.ChunkId} of run {RunId} is routed to batch: submit-batch-job runs it, not process-chunk");
        }

        int attempt = Attempt ?? 1;
        if (attempt < 1)
        {
            throw new InvalidEventException($"attempt must be at least 1, got {attempt}");
        }

        return new ProcessChunkRequest
        {
            WorkBucket = WorkBuckets.Resolve(WorkBucket, defaultWorkBucket),
            RunId = RunId,
            ChunkId = Chunk.ChunkId,
            StartIndex = Chunk.StartIndex,
            EndIndex = Chunk.EndIndex,
            Route = Core.Routing.Route.Lambda,
            Attempt = attempt,
            Worker = worker,
            EstimatedCostUsd = Route.EstimatedCostUsd,
            EstimatedSeconds = Route.EstimatedSeconds,
        };
    }
}
