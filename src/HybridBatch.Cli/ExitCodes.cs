using HybridBatch.Core.Failures;

namespace HybridBatch.Cli;

/// <summary>
/// Process exit codes, the Batch route's half of the one failure taxonomy: <see cref="For"/> maps each
/// <see cref="FailureClass"/> to one code, as <c>ErrorClassifier</c> maps it to one Lambda error type. The Batch job
/// definitions' <c>retryStrategy</c> (template.yaml) retries <see cref="Retryable"/> and stops on every other code
/// defined here, which is what the state machine does with the matching Lambda error types.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;

    /// <summary>
    /// An unexpected error (<see cref="FailureClass.Unexpected"/>): a bug; or a full disk (<see cref="FailureClass.StorageFull"/>,
    /// "no space left on device" and the path). A retry at once would repeat either.
    /// </summary>
    public const int InternalError = 1;

    /// <summary>Bad command line, setting, permission or schema (<see cref="FailureClass.Configuration"/>); the message names it.</summary>
    public const int Usage = 2;

    /// <summary>
    /// The input is wrong (<see cref="FailureClass.InvalidInput"/>): the file failed the validation gate (nothing was
    /// published), cannot be read as its format says, or does not fit the schema.
    /// </summary>
    public const int ValidationFailed = 3;

    /// <summary>
    /// A chunk failed for a reason a retry will not fix (<see cref="FailureClass.ChunkDataFailure"/>: its data or
    /// object changed, a destination refuses a record), or a run ended with failed chunks.
    /// </summary>
    public const int ChunkFailed = 4;

    /// <summary>
    /// Retry me (EX_TEMPFAIL): a transient failure (network, throttling, 5xx, a broker away) that outlasted the
    /// clients' own retries (<see cref="FailureClass.Transient"/>), or an interruption by SIGTERM (spot reclaim, job
    /// timeout, TerminateJob) or SIGINT after the work stopped cleanly (<see cref="FailureClass.Interrupted"/>).
    /// </summary>
    public const int Retryable = 75;

    /// <summary>Each code with what it means, as <c>hybridbatch help</c> lists them.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> Table { get; } =
    [
        (Success, "success"),
        (InternalError, "unexpected error (a bug), or no space left on device (not retried)"),
        (Usage, "bad command line, setting, permission or missing input (not retryable)"),
        (ValidationFailed, "invalid input: the validation gate failed or the schema does not load; nothing was published (not retryable)"),
        (ChunkFailed, "a chunk failed for a data reason, or a run ended with failed chunks (not retryable)"),
        (Retryable, "interrupted by SIGTERM (spot reclaim, job timeout, terminate) or SIGINT, another run holds the lock, or "
            + "chunks failed for reasons another attempt fixes (transient, killed, never reported): retry"),
    ];

    /// <summary>The exit code of a failure of this class.</summary>
    public static int For(FailureClass failureClass) => failureClass switch
    {
        FailureClass.Transient or FailureClass.Interrupted => Retryable,
        FailureClass.Configuration => Usage,
        FailureClass.InvalidInput => ValidationFailed,
        FailureClass.ChunkDataFailure => ChunkFailed,
        FailureClass.StorageFull => InternalError,
        _ => InternalError,
    };

    /// <summary>
    /// Whether a worker that ended with this code is retried, on the local Batch route and by the Batch job definitions'
    /// <c>retryStrategy</c> alike: <see cref="Retryable"/>, and a death by a signal the one failure taxonomy calls
    /// retryable (<see cref="FailureTaxonomy.ClassifySignal"/>: SIGKILL 137, SIGTERM 143), as
    /// the job definitions' <c>EvaluateOnExit</c> rules for 137 and 143 do. Every other code stops, a crash's (134, 139)
    /// included, as the state machine stops on a Lambda error other than <c>HybridBatch.Transient</c> and
    /// <c>HybridBatch.Timeout</c>.
    /// </summary>
    public static bool IsRetried(int exitCode) =>
        exitCode == Retryable || (KilledBy(exitCode) is int signal && FailureTaxonomy.IsRetried(FailureTaxonomy.ClassifySignal(signal)));

    /// <summary>
    /// The signal that ended a process with this exit code, or null: a shell and .NET's <c>Process.ExitCode</c> report
    /// a death by signal N as 128 + N (137 for SIGKILL), some runtimes as -N.
    /// </summary>
    public static int? KilledBy(int exitCode) => exitCode switch
    {
        > 128 and < 128 + 65 => exitCode - 128,
        < 0 and > -65 => -exitCode,
        _ => null,
    };
}
