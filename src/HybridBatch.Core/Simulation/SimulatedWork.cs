namespace HybridBatch.Core.Simulation;

/// <summary>
/// One chunk's path through a simulated run: wait for a slot of <see cref="Pool"/> (in order), <see cref="SetupSeconds"/>
/// (e.g. routing, submitting), wait for <see cref="CapacityUnits"/> of <see cref="CapacityPool"/> when it needs capacity
/// (e.g. Batch vCPUs, first come first served), start (<see cref="ColdStartSeconds"/> on capacity never used before,
/// <see cref="WarmStartSeconds"/> on capacity an earlier job released), process <see cref="Records"/> at up to
/// <see cref="MaxRecordsPerSecond"/>, then be noticed at the next poll (every <see cref="PollSeconds"/> from the end of
/// the set-up, 0 meaning at once), and only then free its slot.
/// </summary>
public sealed record SimulatedWork
{
    public required int Id { get; init; }

    public required string Pool { get; init; }

    public double SetupSeconds { get; init; }

    public string? CapacityPool { get; init; }

    public int CapacityUnits { get; init; }

    public double ColdStartSeconds { get; init; }

    public double WarmStartSeconds { get; init; }

    public required double Records { get; init; }

    public required double MaxRecordsPerSecond { get; init; }

    public double PollSeconds { get; init; }
}
