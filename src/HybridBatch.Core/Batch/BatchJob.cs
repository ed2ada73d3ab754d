namespace HybridBatch.Core.Batch;

/// <summary>The parts of DescribeJobs' job detail that HybridBatch reads.</summary>
public sealed record BatchJob
{
    public required string JobId { get; init; }

    public required string JobName { get; init; }

    public required string JobQueue { get; init; }

    public required BatchJobStatus Status { get; init; }

    public string? StatusReason { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    public IReadOnlyList<BatchJobAttempt> Attempts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The container's VCPU requirement (after overrides), when reported.</summary>
    public int? Vcpus { get; init; }

    /// <summary>The container's MEMORY requirement in MiB (after overrides), when reported.</summary>
    public int? MemoryMiB { get; init; }
}
