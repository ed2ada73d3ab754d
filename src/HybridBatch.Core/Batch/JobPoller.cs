using System.Globalization;

namespace HybridBatch.Core.Batch;

/// <summary>
/// What the chunk and validation polls share: describing one job that must belong to the caller's run, and
/// turning Batch's view of it into a report, with STUCK_RUNNABLE when Batch says it cannot be placed, or when it has
/// waited too long: <see cref="PollChunkJobOptions.CapacityWaitLimit"/> while Batch reports a capacity shortage,
/// <see cref="PollChunkJobOptions.RunnableLimit"/> when Batch gives no reason.
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

        if (job.Status != BatchJobStatus.Runnable)
        {
            return report;
        }

        TimeSpan? waited = RunnableSince(job) is DateTimeOffset since ? _time.GetUtcNow() - since : null;
        if (waited is TimeSpan known)
        {
            report = report with { RunnableSeconds = Math.Max(0, known.TotalSeconds) };
        }

        string? stuck = Classify(job.StatusReason) switch
        {
            // Batch has found the job cannot be placed: waiting longer cannot help, and it blocks the queue.
            Blocked.Unplaceable => UnplaceableReason(job),
            Blocked.Capacity when waited >= _options.CapacityWaitLimit => StuckReason(job, waited.Value, _options.CapacityWaitLimit) + $" (Batch: {job.StatusReason})",
            Blocked.None when waited >= _options.RunnableLimit => StuckReason(job, waited.Value, _options.RunnableLimit),
            _ => null,
        };
        if (stuck is null)
        {
            return report;
        }

        if (_options.TerminateStuckJobs)
        {
            await _jobs.TerminateAsync(job.JobId, $"HybridBatch: {stuck}", cancellationToken).ConfigureAwait(false);
        }

        return report with { Status = ChunkJobStatus.StuckRunnable, StatusReason = stuck, Terminated = _options.TerminateStuckJobs };
    }

    private enum Blocked
    {
        /// <summary>Batch gives no reason: the job waits its turn behind others, or something Batch does not detect.</summary>
        None,

        /// <summary><c>CAPACITY:…</c>: EC2 has no capacity for the instance types now (a spot shortage); it passes.</summary>
        Capacity,

        /// <summary><c>MISCONFIGURATION:…</c> or <c>ACTION_REQUIRED</c>: the job cannot be placed until someone changes something.</summary>
        Unplaceable,
    }

    // The reasons Batch sets on the RUNNABLE job that blocks the head of its queue ("Jobs stuck in a RUNNABLE
    // status" in the Batch user guide): CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY, MISCONFIGURATION:
    // COMPUTE_ENVIRONMENT_MAX_RESOURCE, JOB_RESOURCE_REQUIREMENT, SERVICE_ROLE_PERMISSIONS, and ACTION_REQUIRED for
    // an invalid compute environment. Prefixes, so a reason added later in a family is read alike.
    private static Blocked Classify(string? statusReason) => statusReason switch
    {
        null => Blocked.None,
        _ when statusReason.StartsWith("MISCONFIGURATION:", StringComparison.Ordinal) => Blocked.Unplaceable,
        _ when statusReason.StartsWith("ACTION_REQUIRED", StringComparison.Ordinal) => Blocked.Unplaceable,
        _ when statusReason.StartsWith("CAPACITY:", StringComparison.Ordinal) => Blocked.Capacity,
        _ => Blocked.None,
    };

    private static string UnplaceableReason(BatchJob job)
    {
        string reason = job.StatusReason!;
        string size = Size(job);
        string advice = reason switch
        {
            _ when reason.StartsWith("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT", StringComparison.Ordinal) =>
                $"no instance type of the compute environment has {size} left for jobs after Batch's memory reservation: add a larger type to BatchInstanceTypes (the route sizes jobs for the types in BATCH_INSTANCE_TYPES)",
            _ when reason.StartsWith("MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE", StringComparison.Ordinal) =>
                $"the compute environment's maxvCpus is below the job's {size}: raise BatchMaxVcpus",
            _ when reason.StartsWith("MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS", StringComparison.Ordinal) =>
                "Batch's service role lacks permissions: the stack relies on the service-linked role AWSServiceRoleForBatch",
            _ when reason.StartsWith("ACTION_REQUIRED", StringComparison.Ordinal) =>
                "the compute environment is INVALID: aws batch describe-compute-environments gives its statusReason",
            _ => "fix the compute environment or the job's size",
        };
        return $"Batch cannot place the job in queue {job.JobQueue} ({reason}): {advice}";
    }

    private static string Size(BatchJob job) => job.Vcpus is int vcpus && job.MemoryMiB is int memory
        ? string.Create(CultureInfo.InvariantCulture, $"{vcpus} vCPU / {memory} MiB")
        : "its vCPU and memory";

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

    private static string StuckReason(BatchJob job, TimeSpan waited, TimeSpan limit)
    {
        string size = Size(job);
        string waitedFor = string.Create(CultureInfo.InvariantCulture, $"{waited.TotalMinutes:F0} min (limit {limit.TotalMinutes:F0} min)");
        return $"job has been RUNNABLE for {waitedFor} in queue {job.JobQueue}: check the compute environment's capacity "
            + $"(aws batch describe-compute-environments): it must be ENABLED and VALID, its maxvCpus must leave room for {size}, "
            + "its instance types must fit that size, spot capacity must be available, and its subnets must reach S3, ECR, ECS and CloudWatch Logs";
    }
}
