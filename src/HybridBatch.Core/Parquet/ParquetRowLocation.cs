namespace HybridBatch.Core.Parquet;

/// <summary>Where a Parquet row is: its row group, its index in that group, and the group's first byte.</summary>
public readonly record struct ParquetRowLocation(int RowGroup, long RowInGroup, long RowGroupByteStart);
