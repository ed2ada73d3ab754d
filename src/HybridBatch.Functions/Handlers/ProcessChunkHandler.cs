using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Handlers;

/// <summary><c>process-chunk</c>: publishes one chunk routed to Lambda and stores its result.</summary>
internal sealed class ProcessChunkHandler : JsonHandler<ProcessChunkEvent, ChunkResult>, IDisposable
{
    private readonly ProcessChunkRun _run;
    private readonly IRecordSinkFactory _sinks;
    private readonly string? _workBucket;
    private readonly JsonLogger _log;
    private readonly MetricsLogger _metrics;

    public ProcessChunkHandler(ProcessChunkRun run, IRecordSinkFactory sinks, string? workBucket, JsonLogger log, MetricsLogger metrics)
        : base(FunctionsJson.Default.ProcessChunkEvent, FunctionsJson.Default.ChunkResult)
    {
        _run = run;
        _sinks = sinks;
        _workBucket = workBucket;
        _log = log;
        _metrics = metrics;
    }

    protected override async Task<ChunkResult> HandleAsync(ProcessChunkEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        _log.Correlate(LogKeys.RunId, input.RunId);
        _log.Correlate(LogKeys.ChunkId, input.Chunk.ChunkId);
        ProcessChunkRequest request = input.ToRequest(_workBucket, context.RequestId);
        ChunkResult? result = null;
        try
        {
            result = await _run.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Counted on the way out, not caught: the failure itself still reaches the runtime as an error.
            if (result is null)
            {
                _metrics.Emit(new Metric(MetricNames.ChunksFailed, MetricUnit.Count, 1));
            }
        }

        _metrics.Emit(
            new Metric(MetricNames.RecordsPublished, MetricUnit.Count, result.Published),
            new Metric(MetricNames.RecordsRejected, MetricUnit.Count, result.Rejected),
            new Metric(MetricNames.ChunkDuration, MetricUnit.Seconds, result.DurationSeconds));
        // The chunk's own lines (resume, steps, outcome) come from the use case, the same on the Batch route.
        return result;
    }

    public void Dispose() => (_sinks as IDisposable)?.Dispose();
}
