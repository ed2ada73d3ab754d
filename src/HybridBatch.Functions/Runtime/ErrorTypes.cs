namespace HybridBatch.Functions.Runtime;

/// <summary>
/// The error types the state machine matches in <c>Retry</c> and <c>Catch</c>, one per <c>FailureClass</c>
/// (<see cref="ErrorClassifier"/>). Only <see cref="Transient"/> and <see cref="Timeout"/> are retried; the others are
/// permanent.
/// </summary>
public static class ErrorTypes
{
    /// <summary>I/O, throttling, a service's 5xx (<c>FailureClass.Transient</c>): retried with backoff.</summary>
    public const string Transient = "HybridBatch.Transient";

    /// <summary>The input is wrong (<c>FailureClass.InvalidInput</c>): bad event, file fails its format or schema, gate failed.</summary>
    public const string ValidationFailed = "HybridBatch.ValidationFailed";

    /// <summary>The chunk's data is not what the split saw, or the run's failures exceed the tolerance.</summary>
    public const string ChunkFailed = "HybridBatch.ChunkFailed";

    /// <summary>A setting, permission or schema of the deployment is missing or wrong (<c>FailureClass.Configuration</c>).</summary>
    public const string Configuration = "HybridBatch.Configuration";

    /// <summary>The handler ran out of time and was cancelled before Lambda's deadline (<c>FailureClass.Interrupted</c>).</summary>
    public const string Timeout = "HybridBatch.Timeout";

    /// <summary>The answer exceeds Lambda's response limit; it is never truncated.</summary>
    public const string ResponseTooLarge = "HybridBatch.ResponseTooLarge";
}
