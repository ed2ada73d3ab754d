using HybridBatch.Core.Failures;

namespace HybridBatch.Functions.Hosting;

/// <summary>
/// What a <see cref="LocalInvoker"/> invocation came to: the response's JSON, or the error type and message Lambda
/// would report with the failure's class (what <c>hybridbatch invoke</c> turns into its exit code).
/// </summary>
public sealed record LocalInvocationResult(byte[]? Response, string? ErrorType, string? ErrorMessage, FailureClass? FailureClass = null)
{
    public bool Succeeded => ErrorType is null;
}
