using HybridBatch.Core.Processing;

namespace HybridBatch.Core.Batch;

/// <summary>One poll of a chunk's Batch job: what to do next, Batch's own view, and how far the worker got.</summary>
public sealed record ChunkJobReport
{
    public required string JobId { get; init; }

    public required string JobName { get; init; }

    public required ChunkJobStatus Status { get; init; }

    /// <summary>Batch's precise status (RUNNABLE, STARTING, …).</summary>
    public required BatchJobStatus BatchStatus { get; init; }

    /// <summary>Batch's status reason, or for STUCK_RUNNABLE what to check.</summary>
    public string? StatusReason { get; init; }

    public required int Attempts { get; init; }

    /// <summary>Exit code of the last attempt's container, when it ran.</summary>
    public int? LastExitCode { get; init; }

    /// <summary>The last attempt's container reason (e.g. out of memory) or status reason (e.g. spot reclaimed).</summary>
    public string? LastAttemptReason { get; init; }

    /// <summary>Seconds the job has waited in RUNNABLE, when it is RUNNABLE.</summary>
    public double? RunnableSeconds { get; init; }

    /// <summary>True when this poll terminated the job because it was stuck.</summary>
    public bool Terminated { get; init; }

    /// <summary>The worker's last progress object, when it has written one.</summary>
    public ChunkProgress? Progress { get; init; }
}
