using System.Text.Json.Serialization;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Routing;

/// <summary>Where a chunk runs.</summary>
[JsonConverter(typeof(StrictEnumConverter<Route>))]
public enum Route
{
    /// <summary>In a Lambda function: starts in milliseconds, 15-minute limit.</summary>
    [JsonStringEnumMemberName("lambda")]
    Lambda,

    /// <summary>As an AWS Batch job on spot instances: minutes to start, no time limit.</summary>
    [JsonStringEnumMemberName("batch")]
    Batch,
}
