namespace HybridBatch.Core.Routing;

/// <summary>Estimated duration and cost of running one chunk on one route, and the size it would run at.</summary>
public sealed record RouteEstimate(Route Route, double Seconds, double CostUsd, int Vcpus, int MemoryMiB);
