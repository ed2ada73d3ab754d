namespace HybridBatch.Core.Batch;

/// <summary>One entry of ListJobs: enough to decide whether a job can be reused.</summary>
public sealed record BatchJobSummary(string JobId, string JobName, BatchJobStatus Status, DateTimeOffset? CreatedAt);
