using System.Text.Json.Serialization;

namespace HybridBatch.Functions.Events;

/// <summary>
/// <c>detail.object</c> of an S3 EventBridge event. <see cref="Key"/> is as the event carries it: URL-encoded as in
/// S3's notifications; <see cref="S3EventKey"/> tells which object it names.
/// </summary>
internal sealed record S3EventObject
{
    public string? Key { get; init; }

    public long? Size { get; init; }

    /// <summary>The object's ETag, without the quotes S3's HEAD puts around it.</summary>
    public string? Etag { get; init; }

    [JsonPropertyName("version-id")]
    public string? VersionId { get; init; }
}
