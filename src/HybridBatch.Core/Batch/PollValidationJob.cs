using System.Text.Json;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Batch;

/// <summary>
/// Polls a run's validation job for the state machine's wait loop, as <see cref="PollChunkJob"/> polls a chunk's,
/// and once the job has ended reads the split summary it stored, so the state machine goes on exactly as after
/// the split function. Fails closed: a SUCCEEDED job without the run's summary is an error, not a success.
/// </summary>
public sealed class PollValidationJob
{
    private readonly IObjectStore _store;
    private readonly JobPoller _poller;

    public PollValidationJob(IBatchJobs jobs, IObjectStore store, TimeProvider time, PollChunkJobOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(time);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        options ??= new PollChunkJobOptions();
        options.Validate();
        _poller = new JobPoller(jobs, time, options);
    }

    public async Task<ValidationJobReport> ExecuteAsync(PollValidationJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();

        BatchJob job = await _poller.DescribeOwnedAsync(request.JobId, $"the validation of run {request.RunId}",
            tags => ChunkJobNaming.IsValidationJobOf(tags, request.RunId), cancellationToken).ConfigureAwait(false);
        ChunkJobReport report = await _poller.ReportAsync(job, progress: null, cancellationToken).ConfigureAwait(false);
        SplitSummary? split = report.Status switch
        {
            ChunkJobStatus.Succeeded => await ReadSummaryAsync(request, job, required: true, cancellationToken).ConfigureAwait(false),
            ChunkJobStatus.Failed => await ReadSummaryAsync(request, job, required: false, cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        return new ValidationJobReport { Job = report, Split = split };
    }

    private async Task<SplitSummary?> ReadSummaryAsync(PollValidationJobRequest request, BatchJob job, bool required, CancellationToken cancellationToken)
    {
        ObjectLocation location = new RunLayout(request.WorkBucket, request.RunId).Summary;
        if (await _store.StatAsync(location, cancellationToken).ConfigureAwait(false) is null)
        {
            // The job derives the run id from the object it read: a different one means the object changed.
            return required
                ? throw new InvalidDataException($"validation job {job.JobId} ({job.JobName}) SUCCEEDED but {location} does not exist: "
                    + "the object may have changed after the split looked at it, giving the job another run id")
                : null;
        }

        SplitSummary summary = JsonSerializer.Deserialize(await _store.ReadAllAsync(location, cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.SplitSummary)
            ?? throw new InvalidDataException($"{location} is empty");
        return summary.RunId == request.RunId
            ? summary
            : throw new InvalidDataException($"{location} holds the summary of run {summary.RunId}, not {request.RunId}");
    }
}
