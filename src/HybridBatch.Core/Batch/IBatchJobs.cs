namespace HybridBatch.Core.Batch;

/// <summary>The AWS Batch operations HybridBatch needs: SubmitJob, DescribeJobs, TerminateJob, and ListJobs by name or by status.</summary>
public interface IBatchJobs
{
    Task<SubmittedBatchJob> SubmitAsync(BatchJobRequest request, CancellationToken cancellationToken);

    /// <summary>The jobs that exist among <paramref name="jobIds"/>; an unknown id is simply absent.</summary>
    Task<IReadOnlyList<BatchJob>> DescribeAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken);

    /// <summary>Cancels a job that has not started, stops one that has; it then ends FAILED with <paramref name="reason"/>.</summary>
    Task TerminateAsync(string jobId, string reason, CancellationToken cancellationToken);

    /// <summary>Every job in <paramref name="jobQueue"/> named exactly <paramref name="jobName"/>, in any status, newest first.</summary>
    Task<IReadOnlyList<BatchJobSummary>> FindByNameAsync(string jobQueue, string jobName, CancellationToken cancellationToken);

    /// <summary>Every job in <paramref name="jobQueue"/> (a name or an ARN) that is now in <paramref name="status"/>, with its statusReason.</summary>
    Task<IReadOnlyList<BatchJobSummary>> ListByStatusAsync(string jobQueue, BatchJobStatus status, CancellationToken cancellationToken);
}
