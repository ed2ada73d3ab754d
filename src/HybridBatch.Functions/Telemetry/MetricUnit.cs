namespace HybridBatch.Functions.Telemetry;

/// <summary>The CloudWatch units HybridBatch's metrics use (names as the embedded metric format spells them).</summary>
internal static class MetricUnit
{
    public const string Count = "Count";

    public const string Seconds = "Seconds";

    public const string Milliseconds = "Milliseconds";
}
