namespace HybridBatch.Core.Records;

/// <summary>How records are laid out in a file.</summary>
public enum RecordFormat
{
    /// <summary>One JSON object per line (also <c>.ndjson</c>, <c>.json</c>).</summary>
    JsonLines,

    /// <summary>Delimited text with a header row (RFC 4180 quoting).</summary>
    Csv,
}
