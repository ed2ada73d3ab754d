namespace HybridBatch.Core.Parquet;

/// <summary>
/// A Parquet file whose layout HybridBatch cannot read as the mapping table says (a schema shape or a physical type
/// it does not map, levels that do not line up). Turned into an <see cref="Records.InputFormatException"/> that
/// names the file's place (row group, column) by <see cref="ParquetFile"/>.
/// </summary>
internal sealed class ParquetLayoutException(string message) : Exception(message);
