using System.Text.Json.Serialization;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Functions.Events;

/// <summary>
/// <c>$.split</c>: the split's small summary (never the plan), whether the object still needs the Batch
/// validation job, and the Map's limits. The same shape comes from <c>split</c> and, after a Batch validation,
/// from <c>poll-batch-job</c>.
/// </summary>
internal sealed record SplitAnswer
{
    public required string RunId { get; init; }

    public required ObjectLocation Source { get; init; }

    public required string SourceVersion { get; init; }

    public required string WorkBucket { get; init; }

    public required string PlanKey { get; init; }

    public required string ChunkItemsKey { get; init; }

    public required string ValidationKey { get; init; }

    public required string RejectsKey { get; init; }

    public required long TotalRecords { get; init; }

    public required long ValidRecords { get; init; }

    public required long RejectedRecords { get; init; }

    public required int Chunks { get; init; }

    public required bool GatePassed { get; init; }

    public required IReadOnlyList<string> GateReasons { get; init; }

    /// <summary>True when the object is over <c>LAMBDA_SPLIT_MAX_BYTES</c>: nothing was read, the Batch job validates it.</summary>
    public required bool NeedsBatchValidation { get; init; }

    public required long ObjectBytes { get; init; }

    public required int MaxConcurrency { get; init; }

    public required double ToleratedFailurePercentage { get; init; }

    /// <summary>
    /// The schema reference used (a sample name or an <c>s3://</c> URI), for the Batch validation job. Written
    /// even when null: the state machine passes <c>$.split.schema</c>, and a path to a missing field fails the
    /// state with <c>States.Runtime</c>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Schema { get; init; }

    /// <summary>The format the input named, or null (told from the key); written even when null, as <see cref="Schema"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Format { get; init; }

    public static SplitAnswer From(SplitSummary summary, bool needsBatchValidation, MapSettings map, string? schema, string? format) => new()
    {
        RunId = summary.RunId,
        Source = summary.Source,
        SourceVersion = summary.SourceVersion,
        WorkBucket = summary.WorkBucket,
        PlanKey = summary.PlanKey,
        ChunkItemsKey = summary.ChunkItemsKey,
        ValidationKey = summary.ValidationKey,
        RejectsKey = summary.RejectsKey,
        TotalRecords = summary.TotalRecords,
        ValidRecords = summary.ValidRecords,
        RejectedRecords = summary.RejectedRecords,
        Chunks = summary.Chunks,
        GatePassed = summary.GatePassed,
        GateReasons = summary.GateReasons,
        NeedsBatchValidation = needsBatchValidation,
        ObjectBytes = summary.SourceBytes,
        MaxConcurrency = map.MaxConcurrency,
        ToleratedFailurePercentage = map.ToleratedFailurePercentage,
        Schema = schema,
        Format = format,
    };
}
