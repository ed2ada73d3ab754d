using System.Text.Json.Serialization;

namespace HybridBatch.Core.Batch;

/// <summary>What a poll means for the state machine: wait and poll again, done, failed, or stuck waiting for capacity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChunkJobStatus>))]
public enum ChunkJobStatus
{
    /// <summary>SUBMITTED, PENDING, RUNNABLE (within the limit), STARTING or RUNNING: poll again.</summary>
    [JsonStringEnumMemberName("RUNNING")]
    Running,

    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary>RUNNABLE and Batch says it cannot place the job, or RUNNABLE for longer than the limit.</summary>
    [JsonStringEnumMemberName("STUCK_RUNNABLE")]
    StuckRunnable,
}
