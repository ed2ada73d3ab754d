namespace HybridBatch.Core.Batch;

/// <summary>What SubmitJob answers: the new job's id, name and ARN.</summary>
public sealed record SubmittedBatchJob(string JobId, string JobName, string? JobArn);
