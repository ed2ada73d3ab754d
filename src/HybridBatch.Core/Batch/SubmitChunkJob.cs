using System.Globalization;

namespace HybridBatch.Core.Batch;

/// <summary>
/// Submits one chunk as an AWS Batch job, at most once: Step Functions retries a submit whose answer was
/// lost, so a job already queued, running or done for this run and chunk is returned instead of a second one
/// that would publish the chunk again. A FAILED job does not count: submitting again is the retry.
/// </summary>
public sealed class SubmitChunkJob
{
    private readonly IBatchJobs _jobs;

    public SubmitChunkJob(IBatchJobs jobs)
    {
        _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
    }

    public async Task<SubmitChunkJobResult> ExecuteAsync(SubmitChunkJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        int chunkId = request.Chunk.ChunkId;
        string name = ChunkJobNaming.JobName(request.RunId, chunkId);

        BatchJob? existing = await JobReuse.FindAsync(_jobs, request.JobQueue, name,
            tags => ChunkJobNaming.BelongsTo(tags, request.RunId, chunkId), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return new SubmitChunkJobResult { JobId = existing.JobId, JobName = existing.JobName, Submitted = false, Status = existing.Status };
        }

        var parameters = new Dictionary<string, string>
        {
            ["chunkId"] = chunkId.ToString(CultureInfo.InvariantCulture),
            ["startIndex"] = request.Chunk.StartIndex.ToString(CultureInfo.InvariantCulture),
            ["endIndex"] = request.Chunk.EndIndex.ToString(CultureInfo.InvariantCulture),
            ["runId"] = request.RunId,
            ["bucket"] = request.Bucket,
            ["key"] = request.Key,
        };
        if (request.WorkBucket is { Length: > 0 } workBucket)
        {
            parameters["workBucket"] = workBucket;
        }

        var job = new BatchJobRequest
        {
            JobName = name,
            JobQueue = request.JobQueue,
            JobDefinition = request.JobDefinition,
            Parameters = parameters,
            Vcpus = request.Route.Vcpus,
            MemoryMiB = request.Route.MemoryMiB,
            Tags = ChunkJobNaming.Tags(request.RunId, chunkId),
        };
        SubmittedBatchJob submitted = await _jobs.SubmitAsync(job, cancellationToken).ConfigureAwait(false);
        return new SubmitChunkJobResult { JobId = submitted.JobId, JobName = submitted.JobName, Submitted = true, Status = BatchJobStatus.Submitted };
    }
}
