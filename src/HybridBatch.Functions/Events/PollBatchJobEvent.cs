namespace HybridBatch.Functions.Events;

/// <summary>The <c>poll-batch-job</c> event: <c>{ kind, jobId, runId, chunkId? (process), workBucket, polls }</c>.</summary>
internal sealed record PollBatchJobEvent
{
    public required string Kind { get; init; }

    public required string JobId { get; init; }

    public required string RunId { get; init; }

    /// <summary>process: the chunk the job runs.</summary>
    public int? ChunkId { get; init; }

    /// <summary>Where <c>runs/{runId}/</c> is; the function's <c>S3_BUCKET</c> when absent.</summary>
    public string? WorkBucket { get; init; }

    /// <summary>How many polls came before this one (0 or absent on the first).</summary>
    public int Polls { get; init; }
}
