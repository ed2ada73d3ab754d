namespace HybridBatch.Functions.Events;

/// <summary>The <c>aggregate</c> event: <c>{ runId, workBucket, mapError? }</c>.</summary>
internal sealed record AggregateEvent
{
    public required string RunId { get; init; }

    /// <summary>Where <c>runs/{runId}/</c> is; the function's <c>S3_BUCKET</c> when absent.</summary>
    public string? WorkBucket { get; init; }

    /// <summary>What a <c>Catch</c> on the Map put here (<c>{ "Error", "Cause" }</c>): the run has failed.</summary>
    public MapError? MapError { get; init; }
}
