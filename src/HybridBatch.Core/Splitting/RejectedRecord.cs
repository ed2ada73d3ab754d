namespace HybridBatch.Core.Splitting;

/// <summary>A record the split rejected: where it is, why, and the start of its raw text.</summary>
public sealed record RejectedRecord(long Index, long Line, long ByteOffset, string Field, string Reason, string Raw);
