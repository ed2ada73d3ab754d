namespace HybridBatch.Core.Splitting;

/// <summary>
/// A record the split rejected: where it is, why, and the start of its raw text. For a Parquet row,
/// <see cref="Index"/> is its row in the file, <see cref="ByteOffset"/> its row group's first byte, and
/// <see cref="RowGroup"/> and <see cref="RowInGroup"/> say where in the file's row groups it is.
/// </summary>
public sealed record RejectedRecord(long Index, long Line, long ByteOffset, string Field, string Reason, string Raw)
{
    public int? RowGroup { get; init; }

    public long? RowInGroup { get; init; }
}
