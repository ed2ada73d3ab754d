using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Processing;

/// <summary>The outcome of one chunk, stored as <c>runs/{runId}/results/chunk-NNNNN.json</c>.</summary>
public sealed record ChunkResult
{
    public required string RunId { get; init; }

    public required int ChunkId { get; init; }

    public required Route Route { get; init; }

    public required ChunkStatus Status { get; init; }

    /// <summary>Records in the chunk's range, rejected ones included.</summary>
    public required long Records { get; init; }

    public required long Published { get; init; }

    /// <summary>Records skipped because the split rejected them.</summary>
    public required long Rejected { get; init; }

    /// <summary>Published records that lacked the key field (<c>--key-field</c>, <c>KEY_FIELD</c>): keyed by their identity.</summary>
    public long WithoutKeyField { get; init; }

    public required string Destination { get; init; }

    public required int Attempt { get; init; }

    /// <summary>Who ran it: <c>in-process</c>, a process id, a Lambda request id or a Batch job id.</summary>
    public required string Worker { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required double EstimatedCostUsd { get; init; }

    /// <summary>What the cost model expected <see cref="DurationSeconds"/> to be (0 when no estimate was given).</summary>
    public double EstimatedSeconds { get; init; }

    public string? ErrorType { get; init; }

    public string? Error { get; init; }
}
