using HybridBatch.Core;
using HybridBatch.Core.Batch;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Hosting;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Handlers;

/// <summary><c>poll-batch-job</c>: one turn of the state machine's wait loop over a chunk's Batch job.</summary>
internal sealed class PollBatchJobHandler : JsonHandler<PollChunkJobRequest, ChunkJobReport>
{
    private readonly PollChunkJob _poll;
    private readonly JsonLogger _log;

    public PollBatchJobHandler(PollChunkJob poll, JsonLogger log)
        : base(FunctionsJson.Default.PollChunkJobRequest, HybridBatchJson.Default.ChunkJobReport)
    {
        _poll = poll;
        _log = log;
    }

    protected override async Task<ChunkJobReport> HandleAsync(PollChunkJobRequest input, InvocationContext context, CancellationToken cancellationToken)
    {
        _log.Correlate("run_id", input.RunId);
        _log.Correlate("chunk_id", input.ChunkId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _log.Correlate("batch_job_id", input.JobId);
        ChunkJobReport report = await _poll.ExecuteAsync(input, cancellationToken).ConfigureAwait(false);
        _log.Info("Batch job {BatchJobId} is {Status}", input.JobId, report.Status);
        return report;
    }
}
