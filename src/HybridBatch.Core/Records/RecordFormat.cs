using System.Text.Json.Serialization;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Records;

/// <summary>
/// How records are laid out in a file. The wire names (plans, events, job parameters, <c>--format</c>) are the
/// attributes below, read through <see cref="RecordFormatText"/>.
/// </summary>
[JsonConverter(typeof(StrictEnumConverter<RecordFormat>))]
public enum RecordFormat
{
    /// <summary>One JSON object per line (also <c>.ndjson</c>, <c>.json</c>).</summary>
    [JsonStringEnumMemberName("jsonl")]
    JsonLines,

    /// <summary>Delimited text with a header row (RFC 4180 quoting).</summary>
    [JsonStringEnumMemberName("csv")]
    Csv,

    /// <summary>
    /// Apache Parquet: chunks are whole row groups and each row is read as the JSON value the mapping table in
    /// <see cref="Parquet.ParquetValueMapping"/> gives it (README, "Parquet input").
    /// </summary>
    [JsonStringEnumMemberName("parquet")]
    Parquet,
}
