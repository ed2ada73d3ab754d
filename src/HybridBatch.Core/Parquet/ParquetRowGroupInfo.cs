namespace HybridBatch.Core.Parquet;

/// <summary>
/// One row group as the footer describes it: its rows and the bytes [<see cref="ByteStart"/>,
/// <see cref="ByteEnd"/>) its column chunks occupy in the file.
/// </summary>
public sealed record ParquetRowGroupInfo(int Index, long Rows, long ByteStart, long ByteEnd);
