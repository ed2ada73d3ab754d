using System.Text.Json.Serialization;

namespace HybridBatch.Functions.Events;

/// <summary>
/// The execution input the <c>split</c> handler takes: an EventBridge "Object Created" event from S3
/// (<c>detail.bucket.name</c>, <c>detail.object.key</c>, …) or a console input
/// <c>{ "bucket", "key", "schema"?, "format"? }</c>.
/// </summary>
internal sealed record SplitEvent
{
    public string? Bucket { get; init; }

    public string? Key { get; init; }

    /// <summary>A sample schema name or an <c>s3://</c> URI; the function's <c>SCHEMA</c> when absent.</summary>
    public string? Schema { get; init; }

    /// <summary><c>jsonl</c> or <c>csv</c>; told from the key when absent.</summary>
    public string? Format { get; init; }

    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    public string? Source { get; init; }

    public S3EventDetail? Detail { get; init; }
}
