using System.Text.Json.Serialization;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;

namespace HybridBatch.Functions.Events;

/// <summary>
/// <c>$.poll</c>: what the wait loop does next (<see cref="Status"/>), Batch's own view, the worker's progress, the
/// number of polls so far, and for a validation job that has ended, the split's answer. The contract's fields are
/// always present (null when Batch says nothing), so the state machine can reference them in any state.
/// </summary>
internal sealed record PollBatchJobAnswer
{
    public required string Kind { get; init; }

    public required string JobId { get; init; }

    public required string JobName { get; init; }

    /// <summary>RUNNING (poll again), SUCCEEDED, FAILED or STUCK_RUNNABLE.</summary>
    public required ChunkJobStatus Status { get; init; }

    public required BatchJobStatus BatchStatus { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StatusReason { get; init; }

    public required int Attempts { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? LastExitCode { get; init; }

    public string? LastAttemptReason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? RunnableSeconds { get; init; }

    public required bool Terminated { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ChunkProgress? Progress { get; init; }

    /// <summary>The input's <c>polls</c> + 1.</summary>
    public required int Polls { get; init; }

    /// <summary>validate, once SUCCEEDED (always) or FAILED (when the job got to the gate): the split's answer.</summary>
    public SplitAnswer? Split { get; init; }

    public static PollBatchJobAnswer From(string kind, ChunkJobReport report, int previousPolls, SplitAnswer? split = null) => new()
    {
        Kind = kind,
        JobId = report.JobId,
        JobName = report.JobName,
        Status = report.Status,
        BatchStatus = report.BatchStatus,
        StatusReason = report.StatusReason,
        Attempts = report.Attempts,
        LastExitCode = report.LastExitCode,
        LastAttemptReason = report.LastAttemptReason,
        RunnableSeconds = report.RunnableSeconds,
        Terminated = report.Terminated,
        Progress = report.Progress,
        Polls = previousPolls + 1,
        Split = split,
    };
}
