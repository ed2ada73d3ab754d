namespace HybridBatch.Core.Batch;

/// <summary>The validation job to poll and the run it must belong to (its summary goes under the run's prefix).</summary>
public sealed record PollValidationJobRequest
{
    public required string JobId { get; init; }

    public required string RunId { get; init; }

    /// <summary>The bucket holding <c>runs/{runId}/</c>, where the job writes <c>summary.json</c>.</summary>
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

        if (string.IsNullOrWhiteSpace(WorkBucket))
        {
            throw new ArgumentException("WorkBucket is empty", nameof(WorkBucket));
        }
    }
}
