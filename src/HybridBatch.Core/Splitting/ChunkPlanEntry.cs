namespace HybridBatch.Core.Splitting;

/// <summary>
/// One chunk of the plan: records [<see cref="StartIndex"/>, <see cref="EndIndex"/>) found in bytes
/// [<see cref="ByteStart"/>, <see cref="ByteEnd"/>) of the (decompressed) input. A chunk starts at its first
/// record and ends where the next chunk starts (the last at the end of the input): chunks are contiguous.
/// <see cref="Records"/> counts every record in the range, the <see cref="Rejected"/> ones included.
/// </summary>
public sealed record ChunkPlanEntry
{
    public required int ChunkId { get; init; }

    public required long StartIndex { get; init; }

    /// <summary>Exclusive.</summary>
    public required long EndIndex { get; init; }

    public required long ByteStart { get; init; }

    /// <summary>Exclusive.</summary>
    public required long ByteEnd { get; init; }

    public required long Records { get; init; }

    public required long Bytes { get; init; }

    /// <summary>Records in this range that the split rejected; the worker skips them.</summary>
    public required long Rejected { get; init; }

    /// <summary>
    /// Indices of the records the split rejected because a backtracking pattern timed out on them (null when
    /// none; ascending). The worker counts them as rejected without validating them: it never pays the timeout
    /// again, and cannot disagree with the split when a second attempt happens to finish in time. Such records are
    /// rare (a few per chunk at most), so the list stays small.
    /// </summary>
    public IReadOnlyList<long>? PatternTimeouts { get; init; }

    /// <summary>
    /// Indices of the records the split rejected, ascending, so the worker skips them without validating (null when
    /// the chunk is marked <see cref="Revalidate"/>, and in plans written before the worker trusted the split).
    /// </summary>
    public IReadOnlyList<long>? RejectedIndices { get; init; }

    /// <summary>
    /// True when the chunk had more rejected records than <see cref="ChunkFacts.MaxListedRejects"/> (and for every
    /// Parquet chunk of plans written before <see cref="ParquetFooterHash"/>): none is listed and its worker validates
    /// every record again, as it does for every chunk of a plan without <see cref="ContentHashes"/>.
    /// </summary>
    public bool Revalidate { get; init; }

    /// <summary>
    /// The hashes of the chunk's bytes, one per block of <see cref="HashBlockBytes"/> (see <see cref="ChunkContentHash"/>);
    /// a worker checks each block before framing it and fails the chunk as "object changed" on a difference. For
    /// Parquet, the hashes of the row groups' bytes, checked as they are read and before any row is rendered
    /// (<see cref="Parquet.ObjectByteSource"/>). Null in plans written before the hashes existed: those chunks are read
    /// unchecked and validated again.
    /// </summary>
    public IReadOnlyList<string>? ContentHashes { get; init; }

    /// <summary>Bytes per hashed block of <see cref="ContentHashes"/>.</summary>
    public int? HashBlockBytes { get; init; }

    /// <summary>
    /// True when the blocks of <see cref="ContentHashes"/> are cut at multiples of <see cref="HashBlockBytes"/> from
    /// byte 0 of the input (<see cref="ChunkContentHash"/>), as in every plan this build writes; false in plans of older
    /// builds, whose blocks are counted from <see cref="ByteStart"/>.
    /// </summary>
    public bool HashBlocksAtObjectOffsets { get; init; }

    /// <summary>Line on which the chunk's first record starts (for Parquet: its one-based row number).</summary>
    public required long FirstLine { get; init; }

    /// <summary>For Parquet: the chunk's first row group; its byte range is that of its row groups.</summary>
    public int? FirstRowGroup { get; init; }

    /// <summary>For Parquet: how many whole row groups the chunk holds.</summary>
    public int? RowGroups { get; init; }

    /// <summary>
    /// For Parquet: the hash of the file's footer as the split read it (<see cref="Parquet.ParquetFile.HashFooterAsync"/>).
    /// The row groups' <see cref="ContentHashes"/> prove the values' bytes, this proves how they become rows, so the
    /// worker can publish the split's verdicts without validating again. Null in plans written before it: those
    /// chunks are validated again.
    /// </summary>
    public string? ParquetFooterHash { get; init; }

    /// <summary>For compressed input: the key of the staged, decompressed copy of exactly this range.</summary>
    public string? StagedKey { get; init; }

    /// <summary>Version of the staged copy, so a worker never reads a different one.</summary>
    public string? StagedVersion { get; init; }
}
