namespace HybridBatch.Functions.Telemetry;

/// <summary>The metrics the functions emit, in namespace <c>POWERTOOLS_METRICS_NAMESPACE</c> (default HybridBatch).</summary>
internal static class MetricNames
{
    /// <summary>Records delivered to the destination (process-chunk: per chunk; aggregate: per run, both routes).</summary>
    public const string RecordsPublished = "RecordsPublished";

    /// <summary>Records skipped because validation rejected them.</summary>
    public const string RecordsRejected = "RecordsRejected";

    /// <summary>Seconds one chunk took in process-chunk.</summary>
    public const string ChunkDuration = "ChunkDuration";

    /// <summary>Chunks that failed (process-chunk: this invocation's; aggregate: the run's).</summary>
    public const string ChunksFailed = "ChunksFailed";

    /// <summary>1 on the first invocation of an execution environment.</summary>
    public const string ColdStart = "ColdStart";
}
