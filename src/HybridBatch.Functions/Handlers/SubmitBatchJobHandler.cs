using HybridBatch.Core.Batch;
using HybridBatch.Core.Logging;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Handlers;

/// <summary>
/// <c>submit-batch-job</c>: starts a chunk's Batch job (<c>kind: process</c>) or a run's validation job
/// (<c>kind: validate</c>), at most once per chunk or run: a retried submit returns the job already there.
/// </summary>
internal sealed class SubmitBatchJobHandler : JsonHandler<SubmitBatchJobEvent, SubmitChunkJobResult>
{
    private readonly SubmitChunkJob _process;
    private readonly SubmitValidationJob _validate;
    private readonly BatchJobSettings _settings;
    private readonly JsonLogger _log;

    public SubmitBatchJobHandler(SubmitChunkJob process, SubmitValidationJob validate, BatchJobSettings settings, JsonLogger log)
        : base(FunctionsJson.Default.SubmitBatchJobEvent, FunctionsJson.Default.SubmitChunkJobResult)
    {
        _process = process;
        _validate = validate;
        _settings = settings;
        _log = log;
    }

    protected override async Task<SubmitChunkJobResult> HandleAsync(SubmitBatchJobEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        _log.Correlate(LogKeys.RunId, input.RunId);
        SubmitChunkJobResult result = JobKinds.Check(input.Kind) == JobKinds.Validate
            ? await _validate.ExecuteAsync(_settings.ValidationRequest(input), cancellationToken).ConfigureAwait(false)
            : await _process.ExecuteAsync(_settings.ProcessRequest(input), cancellationToken).ConfigureAwait(false);
        _log.Correlate(LogKeys.BatchJobId, result.JobId);
        _log.Info("Batch {Kind} job {JobName} is {JobId}, newly submitted {Submitted}", input.Kind, result.JobName, result.JobId, result.Submitted);
        return result;
    }
}
