namespace HybridBatch.Core.Aggregation;

/// <summary>Totals of the chunks that ran on one route.</summary>
public sealed record RouteTotals
{
    public required int Chunks { get; init; }

    public required int FailedChunks { get; init; }

    public required long Records { get; init; }

    public required long Published { get; init; }

    /// <summary>Sum of the chunks' durations.</summary>
    public required double WorkerSeconds { get; init; }

    /// <summary>The slowest chunk.</summary>
    public required double MaxChunkSeconds { get; init; }

    public required double EstimatedCostUsd { get; init; }

    /// <summary>Sum of the chunks' estimated durations, beside <see cref="WorkerSeconds"/>; 0 when no chunk carried one.</summary>
    public double EstimatedWorkerSeconds { get; init; }
}
