namespace HybridBatch.Functions.Hosting;

/// <summary>The run's report says it failed (more chunks failed than tolerated): the execution must fail too.</summary>
internal sealed class RunFailedException : Exception
{
    public RunFailedException(string runId, string reportKey, int failedChunks)
        : base($"run {runId} failed: {failedChunks} chunk(s) failed; see {reportKey}")
    {
    }
}
