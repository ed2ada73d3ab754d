namespace HybridBatch.Bench;

/// <summary>One thread count's best run: its throughput and the cores the whole process kept busy meanwhile.</summary>
public sealed record SplitScalingPoint(int Threads, double MegabytesPerSecond, double CoresBusy);

/// <summary>
/// The split's scaling: each thread count's best run, and what the host gave <paramref name="HostThreads"/> threads (a
/// <see cref="HostScaling"/> pair) after each repetition, in order.
/// </summary>
public sealed record SplitScalingResult(IReadOnlyList<SplitScalingPoint> Points, int HostThreads, IReadOnlyList<double> HostScaling);
