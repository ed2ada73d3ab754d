namespace HybridBatch.Functions.Events;

/// <summary><c>detail.bucket</c> of an S3 EventBridge event.</summary>
internal sealed record S3EventBucket
{
    public string? Name { get; init; }
}
