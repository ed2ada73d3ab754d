using System.Net;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Aws;

/// <summary>An S3 call failed: carries S3's error code and the object it was about.</summary>
public sealed class S3StoreException : IOException
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
}
