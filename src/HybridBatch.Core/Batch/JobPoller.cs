using System.Globalization;

namespace HybridBatch.Core.Batch;

/// <summary>
/// What the chunk and validation polls share: describing one job that must belong to the caller's run, and
/// turning Batch's view of it into a report, with STUCK_RUNNABLE when Batch says it cannot be placed, or when it has
/// waited too long: <see cref="PollChunkJobOptions.CapacityWaitLimit"/> while Batch reports a capacity shortage, or
/// while the job, with no reason of its own, is queued behind running jobs or behind a job short of capacity;
/// <see cref="PollChunkJobOptions.RunnableLimit"/> when nothing explains the wait.
/// </summary>
internal sealed class JobPoller
{
    // Statuses that show the queue's compute environments are placing jobs.
    private static readonly BatchJobStatus[] _working = [BatchJobStatus.Running, BatchJobStatus.Starting];

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
            Blocked.None when waited >= _options.RunnableLimit => await UnexplainedWaitAsync(job, waited.Value, cancellationToken).ConfigureAwait(false),
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

    // A job with no reason of its own past RunnableLimit: stuck, unless it is queued for capacity, which is waited
    // out like a capacity-flagged job. Past both limits nothing can excuse the wait, so the queue is not listed.
    private async Task<string?> UnexplainedWaitAsync(BatchJob job, TimeSpan waited, CancellationToken cancellationToken)
    {
        TimeSpan longest = _options.CapacityWaitLimit > _options.RunnableLimit ? _options.CapacityWaitLimit : _options.RunnableLimit;
        if (waited >= longest)
        {
            return StuckReason(job, waited, longest);
        }

        return await QueuedForCapacityAsync(job, cancellationToken).ConfigureAwait(false)
            ? null
            : StuckReason(job, waited, _options.RunnableLimit);
    }

    // Batch sets a reason only on the job at the head of a queue, so a job queued behind it has none of its own and
    // looks stuck. It is waiting its turn when the queue is running jobs (all the compute environments' vCPUs are
    // taken, e.g. MapMaxConcurrency jobs need more than BatchMaxVcpus), or when an older job ahead of it waits for
    // capacity; otherwise nothing explains the wait. Listed only past RunnableLimit, so a routine poll stays one
    // DescribeJobs, and RUNNING first, the status that answers most often.
    private async Task<bool> QueuedForCapacityAsync(BatchJob job, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(job.JobQueue))
        {
            return false;
        }

        foreach (BatchJobStatus working in _working)
        {
            if ((await _jobs.ListByStatusAsync(job.JobQueue, working, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                return true;
            }
        }

        IReadOnlyList<BatchJobSummary> waiting = await _jobs.ListByStatusAsync(job.JobQueue, BatchJobStatus.Runnable, cancellationToken).ConfigureAwait(false);
        return waiting.Any(other => other.JobId != job.JobId
            && other.CreatedAt < job.CreatedAt
            && Classify(other.StatusReason) == Blocked.Capacity);
    }

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
