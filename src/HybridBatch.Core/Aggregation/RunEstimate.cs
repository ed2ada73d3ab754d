namespace HybridBatch.Core.Aggregation;

/// <summary>What the cost model expected of a whole run, stored in its report beside what it took.</summary>
public sealed record RunEstimate
{
    /// <summary>Expected split and validation, seconds.</summary>
    public required double SplitSeconds { get; init; }

    /// <summary>Expected wall clock as the report measures it (split to last chunk), seconds.</summary>
    public required double WallClockSeconds { get; init; }

    /// <summary>Where the cost model's figures came from: a calibration file's path, or "built-in defaults".</summary>
    public required string CostModelSource { get; init; }
}
