using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The small answer of the split (it travels through Step Functions state, so never the plan itself):
/// where the plan and report are, the counts, and the gate's verdict.
/// </summary>
public sealed record SplitSummary
{
    public required string RunId { get; init; }

    /// <summary>The object that was split.</summary>
    public required ObjectLocation Source { get; init; }

    /// <summary>The version or ETag of <see cref="Source"/> the split read; every worker reads the same one.</summary>
    public required string SourceVersion { get; init; }

    /// <summary>Size of <see cref="Source"/> in bytes (as stored, compressed or not).</summary>
    public long SourceBytes { get; init; }

    public required string WorkBucket { get; init; }

    public required string PlanKey { get; init; }

    /// <summary>Key of the JSON array of chunks that the Distributed Map iterates.</summary>
    public required string ChunkItemsKey { get; init; }

    public required string ValidationKey { get; init; }

    public required string RejectsKey { get; init; }

    public required long TotalRecords { get; init; }

    public required long ValidRecords { get; init; }

    public required long RejectedRecords { get; init; }

    public required int Chunks { get; init; }

    public required bool GatePassed { get; init; }

    public required IReadOnlyList<string> GateReasons { get; init; }

    /// <summary>
    /// A summary of <paramref name="layout"/>'s run over <paramref name="source"/>, its keys taken from the layout, so
    /// every producer of a summary (the split, a split deferred to Batch) names the same objects.
    /// </summary>
    public static SplitSummary Of(RunLayout layout, ObjectInfo source, long totalRecords, long validRecords, long rejectedRecords,
        int chunks, bool gatePassed, IReadOnlyList<string> gateReasons) => new()
    {
        RunId = layout.RunId,
        Source = source.Location,
        SourceVersion = source.Version,
        SourceBytes = source.Size,
        WorkBucket = layout.WorkBucket,
        PlanKey = layout.Plan.Key,
        ChunkItemsKey = layout.ChunkItems.Key,
        ValidationKey = layout.Validation.Key,
        RejectsKey = layout.Rejects.Key,
        TotalRecords = totalRecords,
        ValidRecords = validRecords,
        RejectedRecords = rejectedRecords,
        Chunks = chunks,
        GatePassed = gatePassed,
        GateReasons = gateReasons,
    };
}
