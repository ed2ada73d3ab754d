using System.Net;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Aws;

/// <summary>An S3 call failed: carries S3's error code and the object it was about.</summary>
public sealed class S3StoreException : IOException, IClassifiedFailure
{
    public S3StoreException(string operation, ObjectLocation location, string? errorCode, HttpStatusCode statusCode, string? detail, Exception? inner)
        : base($"S3 {operation} failed for s3://{location}: {errorCode ?? "error"} ({(int)statusCode}) {detail}".TrimEnd(), inner)
    {
        Operation = operation;
        Location = location;
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The S3 action, e.g. GetObject.</summary>
    public string Operation { get; }

    public ObjectLocation Location { get; }

    /// <summary>S3's error code, e.g. NoSuchBucket or AccessDenied.</summary>
    public string? ErrorCode { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// 403 and a missing bucket are the deployment's fault (policy, bucket name), never retried; no answer, 408,
    /// 429 and 5xx pass with time; any other refusal concerns this object, so it fails the chunk.
    /// </summary>
    public FailureClass FailureClass => StatusCode == HttpStatusCode.Forbidden || ErrorCode == "NoSuchBucket" ? FailureClass.Configuration
        : (int)StatusCode is 0 or 408 or 429 or >= 500 ? FailureClass.Transient
        : FailureClass.ChunkDataFailure;
}
