using System.Globalization;
using System.Text.Json;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Batch;

/// <summary>
/// Polls one chunk's Batch job for the state machine's wait loop: RUNNING (poll again), SUCCEEDED, FAILED with
/// Batch's reasons, or STUCK_RUNNABLE when the job has waited for capacity longer than the limit (the most
/// common Batch support question), optionally terminating it. Adds the worker's last progress object.
/// </summary>
public sealed class PollChunkJob
{
    // The worker rewrites its progress object while we read it; a few tries get one consistent version.
    private const int ProgressReadTries = 3;

    private readonly IBatchJobs _jobs;
    private readonly IObjectStore _store;
    private readonly TimeProvider _time;
    private readonly PollChunkJobOptions _options;

    public PollChunkJob(IBatchJobs jobs, IObjectStore store, TimeProvider time, PollChunkJobOptions? options = null)
    {
        _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options ?? new PollChunkJobOptions();
        _options.Validate();
    }

    public async Task<ChunkJobReport> ExecuteAsync(PollChunkJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();

        IReadOnlyList<BatchJob> described = await _jobs.DescribeAsync([request.JobId], cancellationToken).ConfigureAwait(false);
        // Fail closed: a job Batch no longer knows is neither running nor done.
        BatchJob job = described.FirstOrDefault(j => j.JobId == request.JobId)
            ?? throw new InvalidOperationException($"Batch job {request.JobId} for chunk {request.ChunkId} of run {request.RunId} was not found");
        if (!ChunkJobNaming.BelongsTo(job.Tags, request.RunId, request.ChunkId))
        {
            throw new InvalidOperationException($"Batch job {job.JobId} ({job.JobName}) is not tagged as chunk {request.ChunkId} of run {request.RunId}");
        }

        BatchJobAttempt? last = job.Attempts.Count > 0 ? job.Attempts[^1] : null;
        ChunkProgress? progress = await ReadProgressAsync(request, cancellationToken).ConfigureAwait(false);
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

    private async Task<ChunkProgress?> ReadProgressAsync(PollChunkJobRequest request, CancellationToken cancellationToken)
    {
        ObjectLocation location = new RunLayout(request.WorkBucket, request.RunId).Progress(request.ChunkId);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (await _store.StatAsync(location, cancellationToken).ConfigureAwait(false) is null)
                {
                    return null;
                }

                byte[] json = await _store.ReadAllAsync(location, cancellationToken).ConfigureAwait(false);
                ChunkProgress progress = JsonSerializer.Deserialize(json, HybridBatchJson.Default.ChunkProgress)
                    ?? throw new InvalidDataException($"{location} is empty");
                if (progress.RunId != request.RunId || progress.ChunkId != request.ChunkId)
                {
                    throw new InvalidDataException($"{location} holds progress of chunk {progress.ChunkId} of run {progress.RunId}");
                }

                return progress;
            }
            catch (ObjectChangedException) when (attempt < ProgressReadTries)
            {
                // Rewritten between stat and read: read the newer one.
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }
    }
}
