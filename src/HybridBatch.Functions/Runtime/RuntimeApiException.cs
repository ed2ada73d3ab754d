using System.Net;
using HybridBatch.Core.Failures;

namespace HybridBatch.Functions.Runtime;

/// <summary>The Runtime API answered a call with an error status; <see cref="StatusCode"/> says which.</summary>
internal sealed class RuntimeApiException : Exception, IClassifiedFailure
{
    public RuntimeApiException(string call, HttpStatusCode statusCode, string body)
        : base($"Runtime API {call} answered {(int)statusCode} {statusCode}: {body}")
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// 500 (and anything else unexpected) means the environment is broken: the runtime should exit and let Lambda
    /// start a new one. 400 and 413 concern one answer only.
    /// </summary>
    public bool IsFatal => StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);

    /// <summary>The environment's fault, not the invocation's: a fresh environment (or attempt) can succeed.</summary>
    public FailureClass FailureClass => FailureClass.Transient;
}
