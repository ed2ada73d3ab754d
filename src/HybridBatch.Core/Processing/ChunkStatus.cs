using System.Text.Json.Serialization;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Processing;

/// <summary>How one chunk ended (<see cref="ChunkResult.Status"/>); the wire names are the attributes.</summary>
[JsonConverter(typeof(StrictEnumConverter<ChunkStatus>))]
public enum ChunkStatus
{
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    [JsonStringEnumMemberName("failed")]
    Failed,
}
