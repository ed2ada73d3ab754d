using System.Text.Json.Serialization;

namespace HybridBatch.Core.Routing;

/// <summary>How the router chooses.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoutingPolicy>))]
public enum RoutingPolicy
{
    /// <summary>By record count: up to the threshold Lambda, above it Batch (the system this replaces).</summary>
    [JsonStringEnumMemberName("threshold")]
    Threshold,

    /// <summary>The cheaper estimate whose duration fits the Lambda timeout with a margin.</summary>
    [JsonStringEnumMemberName("cost")]
    Cost,
}
