namespace HybridBatch.Core.Records;

/// <summary>Framing problems found before a record reaches the schema: such a record is rejected.</summary>
public enum RecordProblem
{
    None,

    /// <summary>Longer than the configured maximum record size; only a prefix is kept.</summary>
    TooLong,

    /// <summary>Not valid UTF-8.</summary>
    InvalidUtf8,
}
