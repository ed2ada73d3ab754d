namespace HybridBatch.Core.Simulation;

/// <summary>What <see cref="AwsRunModel"/> projects for one run: wall time, cost by service, and the critical path.</summary>
public sealed record AwsProjection
{
    public required long Records { get; init; }

    public required int Chunks { get; init; }

    public required int LambdaChunks { get; init; }

    public required int BatchChunks { get; init; }

    /// <summary>"lambda" (the split function) or "batch" (the validation job, for objects over LambdaSplitMaxBytes).</summary>
    public required string SplitOn { get; init; }

    public required double SplitSeconds { get; init; }

    /// <summary>From the start of the Map to its last chunk noticed done.</summary>
    public required double MapSeconds { get; init; }

    public required double AggregateSeconds { get; init; }

    public double WallClockSeconds => SplitSeconds + MapSeconds + AggregateSeconds;

    /// <summary>USD by service: lambda, batch, stepfunctions, s3, sqs.</summary>
    public required IReadOnlyDictionary<string, double> CostUsd { get; init; }

    public double TotalCostUsd => CostUsd.Values.Sum();

    /// <summary>The stages that set the wall time, in order, each with its span and why it took that long.</summary>
    public required IReadOnlyList<string> CriticalPath { get; init; }

    /// <summary>What the projection could not account for, or assumed (an unmeasured destination, a split over the timeout).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
