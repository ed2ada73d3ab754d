namespace HybridBatch.Core.Batch;

/// <summary>
/// One entry of ListJobs: enough to decide whether a job can be reused, and, with <paramref name="StatusReason"/>
/// (which Batch sets on the RUNNABLE job blocking the head of a queue), whether a queue waits for capacity.
/// </summary>
public sealed record BatchJobSummary(string JobId, string JobName, BatchJobStatus Status, DateTimeOffset? CreatedAt, string? StatusReason = null);
