using HybridBatch.Core.Failures;

namespace HybridBatch.Functions.Runtime;

/// <summary>
/// What one invocation came to: the response's JSON, or the typed error to report with its failure class. Exactly
/// one of <see cref="Response"/> and <see cref="Error"/> is set.
/// </summary>
internal sealed record InvocationOutcome(byte[]? Response, RuntimeError? Error, FailureClass? FailureClass)
{
    public static InvocationOutcome Succeeded(byte[] response) => new(response, null, null);

    public static InvocationOutcome Failed(RuntimeError error, FailureClass failureClass) => new(null, error, failureClass);
}
