namespace HybridBatch.Core.Records;

/// <summary>How records are laid out in a file.</summary>
public enum RecordFormat
{
    /// <summary>One JSON object per line (also <c>.ndjson</c>, <c>.json</c>).</summary>
    JsonLines,

    /// <summary>Delimited text with a header row (RFC 4180 quoting).</summary>
    Csv,

    /// <summary>
    /// Apache Parquet: chunks are whole row groups and each row is read as the JSON value the mapping table in
    /// <see cref="Parquet.ParquetValueMapping"/> gives it (README, "Parquet input").
    /// </summary>
    Parquet,
}
