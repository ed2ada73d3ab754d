namespace HybridBatch.Core.Schema;

/// <summary>Why one record failed its schema: the field path (empty for the whole record) and the reason.</summary>
public sealed record ValidationError(string Field, string Reason)
{
    /// <summary>
    /// True when the record was rejected because a backtracking pattern ran out of time on it. The split lists
    /// such records in the chunk plan so that a worker rejects them without paying the timeout a second time
    /// (and cannot disagree with the split when the second attempt happens to finish in time).
    /// </summary>
    public bool PatternTimedOut { get; init; }

    public override string ToString() => Field.Length == 0 ? Reason : $"{Field}: {Reason}";
}
