using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Aggregation;

/// <summary>
/// The one report per file, <c>runs/{runId}/report.json</c>. Every record is accounted for:
/// <see cref="Published"/> + <see cref="Rejected"/> + <see cref="NotProcessed"/> = <see cref="TotalRecords"/>.
/// </summary>
public sealed record RunReport
{
    public required string RunId { get; init; }

    public required ObjectLocation Source { get; init; }

    public required RunStatus Status { get; init; }

    public required string Destination { get; init; }

    public required long TotalRecords { get; init; }

    public required long Published { get; init; }

    public required long Rejected { get; init; }

    /// <summary>Valid records of chunks that failed or never reported.</summary>
    public required long NotProcessed { get; init; }

    public required int Chunks { get; init; }

    public required IReadOnlyDictionary<string, RouteTotals> Routes { get; init; }

    public required IReadOnlyList<FailedChunk> FailedChunks { get; init; }

    public required double ToleratedFailurePercentage { get; init; }

    /// <summary>From this run's split to the end of the last chunk it ran.</summary>
    public required double WallClockSeconds { get; init; }

    /// <summary>Chunks an earlier run of the same plan had published; this run reused their results and sent nothing.</summary>
    public int ChunksReused { get; init; }

    /// <summary>Valid records of <see cref="ChunksReused"/>: part of <see cref="Published"/>, not of <see cref="PublishedNow"/>.</summary>
    public long ReusedRecords { get; init; }

    /// <summary>Chunks this run published.</summary>
    public int ChunksPublishedNow { get; init; }

    /// <summary>Records this run published: <see cref="Published"/> less <see cref="ReusedRecords"/>.</summary>
    public long PublishedNow { get; init; }

    /// <summary>Records this run published (<see cref="PublishedNow"/>) per second of its wall clock.</summary>
    public required double RecordsPerSecond { get; init; }

    public required double EstimatedCostUsd { get; init; }

    public required IReadOnlyList<string> GateReasons { get; init; }

    public required IReadOnlyList<RejectedRecord> FirstErrors { get; init; }

    public required string RejectsKey { get; init; }

    /// <summary>
    /// Published records (of published chunks) that lacked the key field and were keyed by their identity instead;
    /// 0 without a key field.
    /// </summary>
    public long WithoutKeyField { get; init; }

    /// <summary>
    /// Set when a chunk failed because the input object changed during the run: the records published before, which
    /// stay published. The changed object is a new object with a new run id, whose run publishes every record again.
    /// </summary>
    public long? PublishedBeforeObjectChanged { get; init; }

    /// <summary>Why the orchestration over the chunks failed, when it did (it fails the run).</summary>
    public string? MapError { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>How long the split and validation took, part of <see cref="WallClockSeconds"/>.</summary>
    public double SplitSeconds { get; init; }

    /// <summary>What the cost model expected of this run, to set beside the actual figures; null when nothing estimated it.</summary>
    public RunEstimate? Estimate { get; init; }
}
