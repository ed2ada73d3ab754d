namespace HybridBatch.Core.Splitting;

/// <summary>
/// The split's summary, or, when the object was too large to split here, a summary with the run id and keys the
/// run will have, no counts, the gate not passed, and <see cref="NeedsBatchValidation"/> set.
/// </summary>
public sealed record BoundedSplitResult(SplitSummary Summary, bool NeedsBatchValidation);
