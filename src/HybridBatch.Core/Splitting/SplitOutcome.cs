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

    /// <summary>
    /// The outcome of a pass whose rejected records went through <paramref name="rejects"/>, which holds their count,
    /// first errors and reason counts: the one construction for every split (one thread, parallel, Parquet).
    /// </summary>
    internal static SplitOutcome Of(IReadOnlyList<ChunkPlanEntry> chunks, IReadOnlyList<string>? header, long totalRecords,
        long validRecords, long bytes, IReadOnlyList<string> structuralErrors, RejectWriter rejects) => new()
    {
        Chunks = chunks,
        Header = header,
        TotalRecords = totalRecords,
        ValidRecords = validRecords,
        RejectedRecords = rejects.Count,
        Bytes = bytes,
        StructuralErrors = structuralErrors,
        FirstErrors = rejects.FirstErrors,
        ReasonCounts = rejects.ReasonCounts,
    };
}
