namespace HybridBatch.MockKafka;

/// <summary>How a transaction's records in a partition ended, as the partition's log records it.</summary>
public enum TransactionOutcome
{
    /// <summary>A commit marker follows them: read_committed consumers see them.</summary>
    Committed,

    /// <summary>An abort marker follows them: read_committed consumers never see them.</summary>
    Aborted,

    /// <summary>No marker yet: they lie beyond the last stable offset, and read_committed consumers do not see them.</summary>
    Open,
}
