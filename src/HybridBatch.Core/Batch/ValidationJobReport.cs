using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Batch;

/// <summary>One poll of a run's validation job, and once it has ended, the split summary it stored.</summary>
public sealed record ValidationJobReport
{
    public required ChunkJobReport Job { get; init; }

    /// <summary>
    /// <c>runs/{runId}/summary.json</c>: always there once the job SUCCEEDED; there after a FAILED job when
    /// it got as far as the gate (a failed gate ends the job with a non-zero exit); null otherwise.
    /// </summary>
    public SplitSummary? Split { get; init; }
}
