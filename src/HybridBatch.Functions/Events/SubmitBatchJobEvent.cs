using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Functions.Events;

/// <summary>
/// The <c>submit-batch-job</c> event: <c>{ kind: "validate", runId, bucket, key, workBucket, schema?, format? }</c>
/// or <c>{ kind: "process", runId, bucket, key, workBucket, chunk, route }</c>.
/// </summary>
internal sealed record SubmitBatchJobEvent
{
    public required string Kind { get; init; }

    public required string RunId { get; init; }

    /// <summary>Bucket of the input object.</summary>
    public required string Bucket { get; init; }

    /// <summary>Key of the input object.</summary>
    public required string Key { get; init; }

    /// <summary>Where <c>runs/{runId}/</c> is; the function's <c>S3_BUCKET</c> when absent.</summary>
    public string? WorkBucket { get; init; }

    /// <summary>process: the chunk.</summary>
    public ChunkPlanEntry? Chunk { get; init; }

    /// <summary>process: the chunk's route (must say batch; sizes the job).</summary>
    public RouteDecision? Route { get; init; }

    /// <summary>validate: the schema reference; the function's <c>SCHEMA</c> when absent.</summary>
    public string? Schema { get; init; }

    /// <summary>validate: <c>jsonl</c> or <c>csv</c>, when the input named one.</summary>
    public string? Format { get; init; }
}
