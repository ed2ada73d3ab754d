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

    private readonly IObjectStore _store;
    private readonly JobPoller _poller;

    public PollChunkJob(IBatchJobs jobs, IObjectStore store, TimeProvider time, PollChunkJobOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(time);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        options ??= new PollChunkJobOptions();
        options.Validate();
        _poller = new JobPoller(jobs, time, options);
    }

    public async Task<ChunkJobReport> ExecuteAsync(PollChunkJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();

        BatchJob job = await _poller.DescribeOwnedAsync(request.JobId, $"chunk {request.ChunkId} of run {request.RunId}",
            tags => ChunkJobNaming.BelongsTo(tags, request.RunId, request.ChunkId), cancellationToken).ConfigureAwait(false);
        ChunkProgress? progress = await ReadProgressAsync(request, cancellationToken).ConfigureAwait(false);
        return await _poller.ReportAsync(job, progress, cancellationToken).ConfigureAwait(false);
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
