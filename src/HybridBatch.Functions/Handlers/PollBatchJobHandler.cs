using HybridBatch.Core.Batch;
using HybridBatch.Core.Logging;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Handlers;

/// <summary>
/// <c>poll-batch-job</c>: one turn of the state machine's wait loop over a chunk's job (<c>kind: process</c>) or a
/// run's validation job (<c>kind: validate</c>, which brings the split's answer once it has ended).
/// </summary>
internal sealed class PollBatchJobHandler : JsonHandler<PollBatchJobEvent, PollBatchJobAnswer>
{
    private readonly PollChunkJob _chunks;
    private readonly PollValidationJob _validations;
    private readonly PollHandlerOptions _options;
    private readonly JsonLogger _log;

    public PollBatchJobHandler(PollChunkJob chunks, PollValidationJob validations, PollHandlerOptions options, JsonLogger log)
        : base(FunctionsJson.Default.PollBatchJobEvent, FunctionsJson.Default.PollBatchJobAnswer)
    {
        _chunks = chunks;
        _validations = validations;
        _options = options;
        _log = log;
    }

    protected override async Task<PollBatchJobAnswer> HandleAsync(PollBatchJobEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        _log.Correlate(LogKeys.RunId, input.RunId);
        _log.Correlate(LogKeys.BatchJobId, input.JobId);
        string workBucket = WorkBuckets.Resolve(input.WorkBucket, _options.WorkBucket);
        PollBatchJobAnswer answer;
        if (JobKinds.Check(input.Kind) == JobKinds.Validate)
        {
            ValidationJobReport report = await _validations.ExecuteAsync(new PollValidationJobRequest { JobId = input.JobId, RunId = input.RunId, WorkBucket = workBucket }, cancellationToken).ConfigureAwait(false);
            SplitAnswer? split = report.Split is null ? null : SplitAnswer.From(report.Split, needsBatchValidation: false, _options.Map, schema: null, format: null);
            answer = PollBatchJobAnswer.From(input.Kind, report.Job, input.Polls, split);
        }
        else
        {
            int chunkId = input.ChunkId ?? throw new InvalidEventException("a process job's poll needs chunkId");
            _log.Correlate(LogKeys.ChunkId, chunkId);
            ChunkJobReport report = await _chunks.ExecuteAsync(new PollChunkJobRequest { JobId = input.JobId, RunId = input.RunId, ChunkId = chunkId, WorkBucket = workBucket }, cancellationToken).ConfigureAwait(false);
            answer = PollBatchJobAnswer.From(input.Kind, report, input.Polls);
        }

        _log.Info("Batch {Kind} job {JobName} is {Status} ({BatchStatus}) at poll {Polls}", input.Kind, answer.JobName, answer.Status, answer.BatchStatus, answer.Polls);
        return answer;
    }
}
