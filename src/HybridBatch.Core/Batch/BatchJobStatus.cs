using System.Text.Json.Serialization;

namespace HybridBatch.Core.Batch;

/// <summary>An AWS Batch job's status, as Batch reports it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchJobStatus>))]
public enum BatchJobStatus
{
    [JsonStringEnumMemberName("SUBMITTED")]
    Submitted,

    [JsonStringEnumMemberName("PENDING")]
    Pending,

    /// <summary>Waiting for capacity in the queue's compute environments.</summary>
    [JsonStringEnumMemberName("RUNNABLE")]
    Runnable,

    [JsonStringEnumMemberName("STARTING")]
    Starting,

    [JsonStringEnumMemberName("RUNNING")]
    Running,

    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    [JsonStringEnumMemberName("FAILED")]
    Failed,
}
