namespace HybridBatch.Bench;

/// <summary>One thread count's best run: its throughput and the cores the whole process kept busy meanwhile.</summary>
public sealed record SplitScalingPoint(int Threads, double MegabytesPerSecond, double CoresBusy);
