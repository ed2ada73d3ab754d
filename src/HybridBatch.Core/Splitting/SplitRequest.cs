using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>What to split: the input object, its schema and format, where the run's files go, and the limits.</summary>
public sealed record SplitRequest(ObjectLocation Source, RecordSchema Schema, InputFormat Format, string WorkBucket, SplitOptions Split, GateOptions Gate)
{
    /// <summary>
    /// The store's version token the caller saw (e.g. from the S3 event that started the run); when the object is
    /// no longer that version the split fails with <see cref="ObjectChangedException"/>. Null splits what is there.
    /// </summary>
    public string? ExpectedVersion { get; init; }

    /// <summary>
    /// Whether the chunks of a compressed input are staged for the workers (true, a run). False only counts and
    /// validates (<c>hybridbatch plan</c>): nothing is written that no worker will read, so the plan's compressed
    /// chunks carry no staged object and cannot be processed from it.
    /// </summary>
    public bool StageChunks { get; init; } = true;

    /// <summary>Which attempt at the object this is (<see cref="RunId.ForAttempt"/>); 1, the plain run id, unless asked.</summary>
    public int Attempt { get; init; } = 1;
}
