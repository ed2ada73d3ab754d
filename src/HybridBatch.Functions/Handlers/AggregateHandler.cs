using HybridBatch.Core;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Storage;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Handlers;

/// <summary>
/// <c>aggregate</c>: accounts for every record of the run, writes <c>report.json</c>, emits the run's totals and
/// answers the small summary; <c>status: failed</c> when more chunks failed than tolerated or the Map failed.
/// </summary>
internal sealed class AggregateHandler : JsonHandler<AggregateEvent, AggregateAnswer>
{
    private readonly AggregateRun _aggregate;
    private readonly AggregateHandlerOptions _options;
    private readonly JsonLogger _log;
    private readonly MetricsLogger _metrics;

    public AggregateHandler(AggregateRun aggregate, AggregateHandlerOptions options, JsonLogger log, MetricsLogger metrics)
        : base(FunctionsJson.Default.AggregateEvent, FunctionsJson.Default.AggregateAnswer)
    {
        _aggregate = aggregate;
        _options = options;
        _log = log;
        _metrics = metrics;
    }

    protected override async Task<AggregateAnswer> HandleAsync(AggregateEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        _log.Correlate(LogKeys.RunId, input.RunId);
        string workBucket = WorkBuckets.Resolve(input.WorkBucket, _options.WorkBucket);
        RunReport report = await _aggregate.ExecuteAsync(workBucket, input.RunId, _options.Destination, _options.ToleratedFailurePercentage,
            input.MapError?.ToString(), cancellationToken).ConfigureAwait(false);
        _metrics.Emit(
            new Metric(MetricNames.RecordsPublished, MetricUnit.Count, report.Published),
            new Metric(MetricNames.RecordsRejected, MetricUnit.Count, report.Rejected),
            new Metric(MetricNames.ChunksFailed, MetricUnit.Count, report.FailedChunks.Count));
        string reportKey = new RunLayout(workBucket, input.RunId).Report.Key;
        _log.Info("Run {RunId} {Status}: {Published} published, {Rejected} rejected, {NotProcessed} not processed, {FailedChunks} failed chunks; report at {ReportKey}",
            report.RunId, report.Status.WireName(), report.Published, report.Rejected, report.NotProcessed, report.FailedChunks.Count, reportKey);
        return AggregateAnswer.From(report, workBucket, reportKey);
    }
}
