using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>What the split found in one file, stored as <c>runs/{runId}/validation.json</c>.</summary>
public sealed record ValidationReport
{
    public required string RunId { get; init; }

    public required ObjectLocation Source { get; init; }

    public required string SourceVersion { get; init; }

    public required Records.RecordFormat Format { get; init; }

    public required string Schema { get; init; }

    public required long TotalRecords { get; init; }

    public required long ValidRecords { get; init; }

    public required long RejectedRecords { get; init; }

    public required double ErrorRate { get; init; }

    public required long Bytes { get; init; }

    public required int Chunks { get; init; }

    public required GateResult Gate { get; init; }

    public required IReadOnlyList<string> StructuralErrors { get; init; }

    /// <summary>The first rejected records, in file order.</summary>
    public required IReadOnlyList<RejectedRecord> FirstErrors { get; init; }

    /// <summary>Rejected records counted by field and reason.</summary>
    public required IReadOnlyDictionary<string, long> ReasonCounts { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>Where every rejected record is listed (JSON Lines).</summary>
    public required string RejectsKey { get; init; }
}
