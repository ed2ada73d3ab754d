namespace HybridBatch.Core.Failures;

/// <summary>
/// What kind of failure stopped a piece of work, and so whether another attempt can help. Every host maps this one
/// class, never the exception, to what it reports: the Lambda error type the state machine's <c>Retry</c> and
/// <c>Catch</c> match, and the exit code the Batch job definitions' <c>retryStrategy</c> evaluates.
/// </summary>
public enum FailureClass
{
    /// <summary>Not in the taxonomy: a bug. Not retried, since a retry repeats it; reported with its .NET type.</summary>
    Unexpected = 0,

    /// <summary>I/O, throttling, a service's 5xx, a broker that is away: passes with time, so retried with backoff.</summary>
    Transient,

    /// <summary>A setting, permission or schema of the deployment is wrong (S3 403, missing variable): fix it, then run again.</summary>
    Configuration,

    /// <summary>The input is wrong: the file fails its format or schema, the event is malformed. Retrying reads the same input.</summary>
    InvalidInput,

    /// <summary>One chunk cannot be done as planned (its bytes or object changed, a record a destination refuses).</summary>
    ChunkDataFailure,

    /// <summary>The work was stopped from outside (deadline, SIGTERM, Ctrl+C) after cleaning up: retried.</summary>
    Interrupted,

    /// <summary>
    /// A write found no room (ENOSPC, a quota, a file-size limit): not retried at once, since the retry meets the same
    /// full disk; what was committed stays, and the same work completes once space is freed.
    /// </summary>
    StorageFull,
}
