using System.Net;

namespace HybridBatch.Functions.Runtime;

/// <summary>The Runtime API answered a call with an error status; <see cref="StatusCode"/> says which.</summary>
internal sealed class RuntimeApiException : Exception
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
}
