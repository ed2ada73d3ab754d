namespace HybridBatch.Core.Routing;

/// <summary>Where one chunk runs, why, what it is expected to take and cost, and the job size for Batch.</summary>
public sealed record RouteDecision
{
    public required int ChunkId { get; init; }

    public required Route Route { get; init; }

    public required RoutingPolicy Policy { get; init; }

    public required string Reason { get; init; }

    public required long Records { get; init; }

    public required double EstimatedSeconds { get; init; }

    public required double EstimatedCostUsd { get; init; }

    /// <summary>vCPUs for the Batch job (1 for Lambda).</summary>
    public required int Vcpus { get; init; }

    public required int MemoryMiB { get; init; }

    /// <summary>The estimate for the route not taken, for comparison.</summary>
    public required RouteEstimate Alternative { get; init; }
}
