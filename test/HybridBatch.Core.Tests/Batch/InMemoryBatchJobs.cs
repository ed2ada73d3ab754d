using HybridBatch.Core.Batch;

namespace HybridBatch.Core.Tests.Batch;

/// <summary>Batch's job bookkeeping in memory: submit, describe, terminate, list by name (case-insensitive, as Batch's filter) and by status.</summary>
internal sealed class InMemoryBatchJobs(TimeProvider clock) : IBatchJobs
{
    private readonly Dictionary<string, BatchJob> _jobs = [];
    private int _next;

    public List<string> Calls { get; } = [];

    public IReadOnlyCollection<BatchJob> Jobs => _jobs.Values;

    public BatchJob this[string jobId]
    {
        get => _jobs[jobId];
        set => _jobs[jobId] = value;
    }

    /// <summary>Puts a job in place as if someone had submitted it earlier.</summary>
    public BatchJob Add(string name, BatchJobStatus status, IReadOnlyDictionary<string, string> tags)
    {
        var job = new BatchJob { JobId = $"job-{++_next}", JobName = name, JobQueue = "q", Status = status, CreatedAt = clock.GetUtcNow(), Tags = tags };
        _jobs.Add(job.JobId, job);
        return job;
    }

    public Task<SubmittedBatchJob> SubmitAsync(BatchJobRequest request, CancellationToken cancellationToken)
    {
        Calls.Add("SubmitJob");
        var job = new BatchJob
        {
            JobId = $"job-{++_next}",
            JobName = request.JobName,
            JobQueue = request.JobQueue,
            Status = BatchJobStatus.Submitted,
            CreatedAt = clock.GetUtcNow(),
            Parameters = request.Parameters,
            Tags = request.Tags,
            Vcpus = request.Vcpus,
            MemoryMiB = request.MemoryMiB,
        };
        _jobs.Add(job.JobId, job);
        return Task.FromResult(new SubmittedBatchJob(job.JobId, job.JobName, null));
    }

    public Task<IReadOnlyList<BatchJob>> DescribeAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken)
    {
        Calls.Add("DescribeJobs");
        return Task.FromResult<IReadOnlyList<BatchJob>>([.. jobIds.Where(_jobs.ContainsKey).Select(id => _jobs[id])]);
    }

    public Task TerminateAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        Calls.Add("TerminateJob");
        _jobs[jobId] = _jobs[jobId] with { Status = BatchJobStatus.Failed, StatusReason = reason };
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<BatchJobSummary>> FindByNameAsync(string jobQueue, string jobName, CancellationToken cancellationToken)
    {
        Calls.Add("ListJobs");
        return Task.FromResult<IReadOnlyList<BatchJobSummary>>([.. _jobs.Values
            .Where(j => j.JobName.Equals(jobName, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(j => j.CreatedAt)
            .Select(j => new BatchJobSummary(j.JobId, j.JobName, j.Status, j.CreatedAt, j.StatusReason))]);
    }

    public Task<IReadOnlyList<BatchJobSummary>> ListByStatusAsync(string jobQueue, BatchJobStatus status, CancellationToken cancellationToken)
    {
        Calls.Add($"ListJobs {status.ToWire()}");
        return Task.FromResult<IReadOnlyList<BatchJobSummary>>([.. _jobs.Values
            .Where(j => j.JobQueue == jobQueue && j.Status == status)
            .Select(j => new BatchJobSummary(j.JobId, j.JobName, j.Status, j.CreatedAt, j.StatusReason))]);
    }
}
