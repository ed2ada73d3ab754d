using HybridBatch.Core.Failures;

namespace HybridBatch.Adapters.Batch;

/// <summary>
/// An AWS Batch API call that failed for good: AWS's error code (<c>ClientException</c>, <c>TooManyRequestsException</c>,
/// …), its message, the HTTP status and the operation, after any retries.
/// </summary>
public sealed class BatchApiException : Exception, IClassifiedFailure
{
    public BatchApiException(string operation, int statusCode, string errorCode, string errorMessage, string? requestId, Exception? inner = null)
        : base($"AWS Batch {operation} failed with {errorCode} (HTTP {statusCode}{(requestId is null ? "" : $", request {requestId}")}): {errorMessage}", inner)
    {
        Operation = operation;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = requestId;
    }

    /// <summary>The API operation, e.g. <c>SubmitJob</c>.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>AWS's error code, e.g. <c>ClientException</c>; <c>InvalidResponse</c> when the answer could not be read.</summary>
    public string ErrorCode { get; }

    public string ErrorMessage { get; }

    /// <summary>The <c>x-amzn-RequestId</c> to quote to AWS support, when there was one.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// No answer, 408, 429 (<c>TooManyRequestsException</c>) and 5xx pass with time; anything else AWS refused was
    /// built from the stack's settings (job queue, job definition, role), so it is a configuration error. An answer
    /// this client cannot read is a contract mismatch, a bug: not retried.
    /// </summary>
    public FailureClass FailureClass => ErrorCode == "InvalidResponse" ? FailureClass.Unexpected
        : StatusCode is 0 or 408 or 429 or >= 500 ? FailureClass.Transient
        : FailureClass.Configuration;
}
