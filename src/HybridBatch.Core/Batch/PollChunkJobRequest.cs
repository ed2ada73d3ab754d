namespace HybridBatch.Core.Batch;

/// <summary>The job to poll and the run and chunk it must belong to (its progress object is under the run's prefix).</summary>
public sealed record PollChunkJobRequest
{
    public required string JobId { get; init; }

    public required string RunId { get; init; }

    public required int ChunkId { get; init; }

    /// <summary>The bucket holding <c>runs/{runId}/</c>, where the worker writes its progress.</summary>
    public required string WorkBucket { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(JobId))
        {
            throw new ArgumentException("JobId is empty", nameof(JobId));
        }

        if (string.IsNullOrWhiteSpace(RunId))
        {
            throw new ArgumentException("RunId is empty", nameof(RunId));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ChunkId);
        ArgumentNullException.ThrowIfNull(WorkBucket);
    }
}
