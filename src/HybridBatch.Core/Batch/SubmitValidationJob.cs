namespace HybridBatch.Core.Batch;

/// <summary>
/// Submits a run's validation (the split of an object too large for Lambda) as an AWS Batch job, at most once:
/// a retried submit returns the run's validation job that is already queued, running or done. A FAILED one does
/// not count: submitting again is the retry. The job size is the job definition's.
/// </summary>
public sealed class SubmitValidationJob
{
    private readonly IBatchJobs _jobs;

    public SubmitValidationJob(IBatchJobs jobs)
    {
        _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
    }

    public async Task<SubmitChunkJobResult> ExecuteAsync(SubmitValidationJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        string name = ChunkJobNaming.ValidationJobName(request.RunId);
        BatchJob? existing = await JobReuse.FindAsync(_jobs, request.JobQueue, name,
            tags => ChunkJobNaming.IsValidationJobOf(tags, request.RunId), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return new SubmitChunkJobResult { JobId = existing.JobId, JobName = existing.JobName, Submitted = false, Status = existing.Status };
        }

        var parameters = new Dictionary<string, string>
        {
            ["runId"] = request.RunId,
            ["bucket"] = request.Bucket,
            ["key"] = request.Key,
            ["workBucket"] = request.WorkBucket,
        };
        if (request.Schema is { Length: > 0 } schema)
        {
            parameters["schema"] = schema;
        }

        if (request.Format is { Length: > 0 } format)
        {
            parameters["format"] = format;
        }

        SubmittedBatchJob submitted = await _jobs.SubmitAsync(new BatchJobRequest
        {
            JobName = name,
            JobQueue = request.JobQueue,
            JobDefinition = request.JobDefinition,
            Parameters = parameters,
            Tags = ChunkJobNaming.ValidationTags(request.RunId),
        }, cancellationToken).ConfigureAwait(false);
        return new SubmitChunkJobResult { JobId = submitted.JobId, JobName = submitted.JobName, Submitted = true, Status = BatchJobStatus.Submitted };
    }
}
