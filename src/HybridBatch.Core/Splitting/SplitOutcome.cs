namespace HybridBatch.Core.Splitting;

/// <summary>What one pass over an input found: the chunks, the counts, and what was wrong.</summary>
public sealed record SplitOutcome
{
    public required IReadOnlyList<ChunkPlanEntry> Chunks { get; init; }

    public IReadOnlyList<string>? Header { get; init; }

    public required long TotalRecords { get; init; }

    public required long ValidRecords { get; init; }

    public required long RejectedRecords { get; init; }

    /// <summary>Bytes scanned (after decompression).</summary>
    public required long Bytes { get; init; }

    /// <summary>Problems with the file as a whole; any of them fails the validation gate.</summary>
    public required IReadOnlyList<string> StructuralErrors { get; init; }

    public required IReadOnlyList<RejectedRecord> FirstErrors { get; init; }

    /// <summary>Rejected records counted by field and reason.</summary>
    public required IReadOnlyDictionary<string, long> ReasonCounts { get; init; }
}
