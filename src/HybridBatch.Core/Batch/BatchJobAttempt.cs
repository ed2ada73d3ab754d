namespace HybridBatch.Core.Batch;

/// <summary>One attempt of a job: how its container ended.</summary>
public sealed record BatchJobAttempt
{
    public int? ExitCode { get; init; }

    /// <summary>The container's reason, e.g. <c>OutOfMemoryError: Container killed due to memory usage</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>The attempt's status reason, e.g. <c>Host EC2 (instance i-…) terminated.</c> for a reclaimed spot instance.</summary>
    public string? StatusReason { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }
}
