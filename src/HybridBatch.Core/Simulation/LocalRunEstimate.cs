using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Simulation;

/// <summary>What <see cref="LocalRunModel"/> expects a local run of a plan to take, stage by stage.</summary>
public sealed record LocalRunEstimate
{
    /// <summary>Start of the <c>hybridbatch</c> process itself (not part of the report's wall clock).</summary>
    public required double StartupSeconds { get; init; }

    /// <summary>Split and validation of the whole input.</summary>
    public required double SplitSeconds { get; init; }

    /// <summary>From the end of the split to the end of the last chunk.</summary>
    public required double ChunksSeconds { get; init; }

    /// <summary>What the report's wall clock measures: split and chunks.</summary>
    public double WallClockSeconds => SplitSeconds + ChunksSeconds;

    /// <summary>The whole command: start-up, split, chunks.</summary>
    public double CommandSeconds => StartupSeconds + WallClockSeconds;

    /// <summary>Each chunk's processing time (what its result's duration measures), by chunk id.</summary>
    public required IReadOnlyDictionary<int, double> ChunkSeconds { get; init; }

    /// <summary>Workers at once per route, after the cores are counted.</summary>
    public required IReadOnlyDictionary<Route, int> Workers { get; init; }

    /// <summary>The throughput per core the chunks were estimated with, and whether it was measured for the destination.</summary>
    public required double RecordsPerSecondPerCore { get; init; }

    public required bool DestinationMeasured { get; init; }
}
