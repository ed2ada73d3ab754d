namespace HybridBatch.Functions.Events;

/// <summary>The <c>detail</c> of an S3 event delivered by EventBridge.</summary>
internal sealed record S3EventDetail
{
    public S3EventBucket? Bucket { get; init; }

    public S3EventObject? Object { get; init; }
}
