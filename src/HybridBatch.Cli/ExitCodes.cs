namespace HybridBatch.Cli;

/// <summary>
/// Process exit codes. The Batch job definitions retry <see cref="Retryable"/> and <see cref="InternalError"/>
/// and stop on the data errors (<see cref="ValidationFailed"/>, <see cref="ChunkFailed"/>) and on
/// <see cref="Usage"/>, where a retry cannot help.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;

    /// <summary>
    /// An unexpected error: a bug, or a transient failure (network, broker, S3 or SQS) that outlasted the clients' own
    /// retries. Transient failures are not told apart from the rest here; both are worth another attempt.
    /// </summary>
    public const int InternalError = 1;

    /// <summary>Bad command line or setting; the message names it.</summary>
    public const int Usage = 2;

    /// <summary>The file failed the validation gate: nothing was published.</summary>
    public const int ValidationFailed = 3;

    /// <summary>A chunk failed for a reason a retry will not fix (its data or object changed), or a run ended with failed chunks.</summary>
    public const int ChunkFailed = 4;

    /// <summary>
    /// Interrupted by SIGTERM (spot reclaim, job timeout, TerminateJob) or SIGINT: the work stopped cleanly (Kafka
    /// transaction aborted, a failed result written); retry me. (EX_TEMPFAIL)
    /// </summary>
    public const int Retryable = 75;
}
