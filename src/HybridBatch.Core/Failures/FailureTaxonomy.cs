using System.Text.Json;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Failures;

/// <summary>
/// The one table from exception to <see cref="FailureClass"/>, used by the Lambda handlers, the Batch worker's exit
/// code and the local runner's retries, so every route makes the same retry decision for the same failure.
/// </summary>
public static class FailureTaxonomy
{
    public static FailureClass Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            FailureClass found = ClassifyOne(current);
            // A wrapper the table does not know (an SDK exception around a socket error) takes its cause's class.
            if (found != FailureClass.Unexpected)
            {
                return found;
            }
        }

        return FailureClass.Unexpected;
    }

    /// <summary>
    /// The class of a worker process that a signal ended before it could classify its own failure. SIGKILL is what
    /// the OOM killer, a lost host and a stop timeout send: the work was sound, the machine gave out, so it is
    /// transient. SIGTERM stops a worker from outside (spot reclaim, TerminateJob, a stopping local run) before its own
    /// handler ran, during start-up: interrupted. Any other signal is a crash (SIGSEGV, SIGABRT) or comes from a terminal
    /// (SIGINT, SIGHUP), which a Batch job never has and a local run only gets when it is stopping: not retried.
    /// </summary>
    /// <param name="signal">The POSIX signal number (9 for SIGKILL).</param>
    public static FailureClass ClassifySignal(int signal) => signal switch
    {
        SigKill => FailureClass.Transient,
        SigTerm => FailureClass.Interrupted,
        _ => FailureClass.Unexpected,
    };

    /// <summary>Whether another attempt of the same work can succeed: the retry decision of every route.</summary>
    public static bool IsRetried(FailureClass failureClass) => failureClass is FailureClass.Transient or FailureClass.Interrupted;

    // POSIX signal numbers, the same on every Linux architecture the workers run on.
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private static FailureClass ClassifyOne(Exception exception) => exception switch
    {
        IClassifiedFailure classified => classified.FailureClass,
        ChunkDataException or ObjectChangedException => FailureClass.ChunkDataFailure,
        InputFormatException or SchemaMismatchException or Parquet.ParquetLayoutException => FailureClass.InvalidInput,

        // The schema the run was asked to judge by (the event's, or --schema) cannot be compiled: the request is wrong.
        // A schema that is not found at all is refused earlier, as a setting (UsageException, ConfigurationException).
        // A pattern ECMA-262 refuses: the compiler turns it into a SchemaLoadException, and means the same if one escapes.
        SchemaLoadException or PatternSyntaxException => FailureClass.InvalidInput,

        // The input object or file the request names does not exist: a retry finds it missing again.
        FileNotFoundException or DirectoryNotFoundException => FailureClass.InvalidInput,

        // A malformed event, or a use case refusing its request (a route for another chunk, an empty run id).
        JsonException or FormatException or ArgumentException => FailureClass.InvalidInput,

        // .NET wraps EACCES/EPERM in this type around an IOException; the permission, not the I/O, decides.
        UnauthorizedAccessException => FailureClass.Configuration,

        // Before the catch-all for IOException: a full disk is not a passing network blip.
        IOException when StorageFullException.IsStorageFull(exception) => FailureClass.StorageFull,

        // An HTTP client's own timeout is a TaskCanceledException around a TimeoutException: the cause decides.
        OperationCanceledException { InnerException: TimeoutException } => FailureClass.Transient,
        OperationCanceledException => FailureClass.Interrupted,
        IOException or HttpRequestException or TimeoutException => FailureClass.Transient,
        _ => FailureClass.Unexpected,
    };
}
