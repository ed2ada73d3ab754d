namespace HybridBatch.Core.Batch;

/// <summary>A chunk's (or a run's validation) job, and whether this call submitted it or found it already there.</summary>
public sealed record SubmitChunkJobResult
{
    public required string JobId { get; init; }

    public required string JobName { get; init; }

    /// <summary>False when a job for this run and chunk (or this run's validation) already existed (a retried submit) and was returned instead.</summary>
    public required bool Submitted { get; init; }

    /// <summary>The existing job's status when it was reused; <see cref="BatchJobStatus.Submitted"/> for a new one.</summary>
    public required BatchJobStatus Status { get; init; }
}
