using System.Globalization;

namespace HybridBatch.Core.Batch;

/// <summary>
/// What the chunk and validation polls share: describing one job that must belong to the caller's run, and
/// turning Batch's view of it into a report, with STUCK_RUNNABLE when it has waited for capacity too long.
/// </summary>
internal sealed class JobPoller
{
    private readonly IBatchJobs _jobs;
    private readonly TimeProvider _time;
    private readonly PollChunkJobOptions _options;

    public JobPoller(IBatchJobs jobs, TimeProvider time, PollChunkJobOptions options)
    {
        _jobs = jobs;
        _time = time;
        _options = options;
    }

    /// <param name="jobId">The job.</param>
    /// <param name="owner">What the job is for, for messages: "chunk 3 of run r".</param>
    /// <param name="belongs">Whether the job's tags name that owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<BatchJob> DescribeOwnedAsync(string jobId, string owner, Func<IReadOnlyDictionary<string, string>, bool> belongs, CancellationToken cancellationToken)
    {
        IReadOnlyList<BatchJob> described = await _jobs.DescribeAsync([jobId], cancellationToken).ConfigureAwait(false);
        // Fail closed: a job Batch no longer knows is neither running nor done.
        BatchJob job = described.FirstOrDefault(j => j.JobId == jobId)
            ?? throw new InvalidOperationException($"Batch job {jobId} for {owner} was not found");
        return belongs(job.Tags)
            ? job
            : throw new InvalidOperationException($"Batch job {job.JobId} ({job.JobName}) is not tagged as {owner}");
    }

    /// <summary>The report for <paramref name="job"/>; terminates it when it is stuck and the options say so.</summary>
    public async Task<ChunkJobReport> ReportAsync(BatchJob job, Processing.ChunkProgress? progress, CancellationToken cancellationToken)
    {
        BatchJobAttempt? last = job.Attempts.Count > 0 ? job.Attempts[^1] : null;
        var report = new ChunkJobReport
        {
            JobId = job.JobId,
            JobName = job.JobName,
            Status = job.Status switch
            {
                BatchJobStatus.Succeeded => ChunkJobStatus.Succeeded,
                BatchJobStatus.Failed => ChunkJobStatus.Failed,
                _ => ChunkJobStatus.Running,
            },
            BatchStatus = job.Status,
            StatusReason = job.StatusReason,
            Attempts = job.Attempts.Count,
            LastExitCode = last?.ExitCode,
            LastAttemptReason = last?.Reason ?? last?.StatusReason,
            Progress = progress,
        };

        if (job.Status != BatchJobStatus.Runnable || RunnableSince(job) is not DateTimeOffset since)
        {
            return report;
        }

        TimeSpan waited = _time.GetUtcNow() - since;
        report = report with { RunnableSeconds = Math.Max(0, waited.TotalSeconds) };
        if (waited < _options.RunnableLimit)
        {
            return report;
        }

        string reason = StuckReason(job, waited);
        if (_options.TerminateStuckJobs)
        {
            await _jobs.TerminateAsync(job.JobId, $"HybridBatch: {reason}", cancellationToken).ConfigureAwait(false);
        }

        return report with { Status = ChunkJobStatus.StuckRunnable, StatusReason = reason, Terminated = _options.TerminateStuckJobs };
    }

    // Batch has no "runnable since" timestamp: a job reaches RUNNABLE seconds after it is created, and
    // returns to it when a failed attempt is retried.
    private static DateTimeOffset? RunnableSince(BatchJob job)
    {
        DateTimeOffset? since = job.CreatedAt;
        foreach (BatchJobAttempt attempt in job.Attempts)
        {
            if (attempt.StoppedAt is DateTimeOffset stopped && (since is null || stopped > since))
            {
                since = stopped;
            }
        }

        return since;
    }

    private string StuckReason(BatchJob job, TimeSpan waited)
    {
        string size = job.Vcpus is int vcpus && job.MemoryMiB is int memory
            ? string.Create(CultureInfo.InvariantCulture, $"{vcpus} vCPU / {memory} MiB")
            : "its vCPU and memory";
        string waitedFor = string.Create(CultureInfo.InvariantCulture, $"{waited.TotalMinutes:F0} min (limit {_options.RunnableLimit.TotalMinutes:F0} min)");
        return $"job has been RUNNABLE for {waitedFor} in queue {job.JobQueue}: check the compute environment's capacity "
            + $"(aws batch describe-compute-environments): it must be ENABLED and VALID, its maxvCpus must leave room for {size}, "
            + "its instance types must fit that size, spot capacity must be available, and its subnets must reach ECS and ECR";
    }
}
