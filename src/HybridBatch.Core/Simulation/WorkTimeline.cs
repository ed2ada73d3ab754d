namespace HybridBatch.Core.Simulation;

/// <summary>When one <see cref="SimulatedWork"/> passed each stage, in seconds from the simulation's start.</summary>
public sealed record WorkTimeline
{
    public required SimulatedWork Work { get; init; }

    /// <summary>Took its pool slot.</summary>
    public required double DispatchedAt { get; init; }

    /// <summary>Got its capacity (equals the end of the set-up without a capacity pool).</summary>
    public required double PlacedAt { get; init; }

    /// <summary>Began processing records.</summary>
    public required double RunningAt { get; init; }

    public required double FinishedAt { get; init; }

    /// <summary>Noticed as done (at a poll) and its slot freed.</summary>
    public required double SeenAt { get; init; }

    /// <summary>Whether it started on capacity never used before (a new instance).</summary>
    public required bool ColdStart { get; init; }

    /// <summary>Processing time: <see cref="FinishedAt"/> less <see cref="RunningAt"/>.</summary>
    public double ProcessingSeconds => FinishedAt - RunningAt;
}
