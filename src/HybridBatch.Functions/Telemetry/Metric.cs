namespace HybridBatch.Functions.Telemetry;

/// <summary>One value of one metric.</summary>
internal readonly record struct Metric(string Name, string Unit, double Value);
