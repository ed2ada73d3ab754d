using HybridBatch.Core.Failures;

namespace HybridBatch.Functions.Runtime;

/// <summary>
/// Maps a failure to the error type the state machine's <c>Retry</c> and <c>Catch</c> match: the class comes from
/// <see cref="FailureTaxonomy"/>, the one table every host uses; this is its only mapping to Lambda error types
/// (the Batch worker's is <c>ExitCodes.For</c>). The state machine retries exactly the classes
/// <see cref="FailureTaxonomy.IsRetried"/> names: <see cref="ErrorTypes.Transient"/> and <see cref="ErrorTypes.Timeout"/>.
/// </summary>
internal static class ErrorClassifier
{
    public static string Classify(Exception exception) => ErrorType(FailureTaxonomy.Classify(exception), exception);

    public static string ErrorType(FailureClass failureClass, Exception exception) => failureClass switch
    {
        FailureClass.Transient => ErrorTypes.Transient,
        FailureClass.Interrupted => ErrorTypes.Timeout,
        FailureClass.Configuration => ErrorTypes.Configuration,
        FailureClass.InvalidInput => ErrorTypes.ValidationFailed,
        FailureClass.ChunkDataFailure => ErrorTypes.ChunkFailed,

        // A bug keeps its .NET type name, so the execution's error says what broke; only States.ALL catches it.
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };
}
