using System.Text.Json.Serialization;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Aggregation;

/// <summary>How a run ended (<see cref="RunReport.Status"/>, the aggregate answer); the wire names are the attributes.</summary>
[JsonConverter(typeof(StrictEnumConverter<RunStatus>))]
public enum RunStatus
{
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>Chunks failed beyond the tolerance, or the Map state itself failed (<see cref="RunReport.MapError"/>).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The validation gate refused the file: nothing was published.</summary>
    [JsonStringEnumMemberName("validation_failed")]
    ValidationFailed,
}
