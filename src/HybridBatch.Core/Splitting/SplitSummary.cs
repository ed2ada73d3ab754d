namespace HybridBatch.Core.Splitting;

/// <summary>
/// The small answer of the split (it travels through Step Functions state, so never the plan itself):
/// where the plan and report are, the counts, and the gate's verdict.
/// </summary>
public sealed record SplitSummary
{
    public required string RunId { get; init; }

    public required string WorkBucket { get; init; }

    public required string PlanKey { get; init; }

    public required string ValidationKey { get; init; }

    public required string RejectsKey { get; init; }

    public required long TotalRecords { get; init; }

    public required long ValidRecords { get; init; }

    public required long RejectedRecords { get; init; }

    public required int Chunks { get; init; }

    public required bool GatePassed { get; init; }

    public required IReadOnlyList<string> GateReasons { get; init; }
}
