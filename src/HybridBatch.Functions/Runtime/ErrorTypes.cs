namespace HybridBatch.Functions.Runtime;

/// <summary>
/// The error types the state machine matches in <c>Retry</c> and <c>Catch</c>. Only
/// <see cref="Transient"/> is worth retrying; the others are permanent.
/// </summary>
public static class ErrorTypes
{
    /// <summary>I/O, throttling, interruption: retried with backoff.</summary>
    public const string Transient = "HybridBatch.Transient";

    /// <summary>The input did not pass validation (bad event, bad schema, gate failed).</summary>
    public const string ValidationFailed = "HybridBatch.ValidationFailed";

    /// <summary>The chunk's data is not what the split saw, or the run's failures exceed the tolerance.</summary>
    public const string ChunkFailed = "HybridBatch.ChunkFailed";

    /// <summary>A setting of the function is missing or wrong.</summary>
    public const string Configuration = "HybridBatch.Configuration";

    /// <summary>The handler ran out of time and was cancelled before Lambda's deadline.</summary>
    public const string Timeout = "HybridBatch.Timeout";

    /// <summary>The answer exceeds Lambda's response limit; it is never truncated.</summary>
    public const string ResponseTooLarge = "HybridBatch.ResponseTooLarge";
}
