namespace HybridBatch.Core.Splitting;

/// <summary>Global index, byte offset and line of a record's start, as <see cref="FramedInput"/> finds it.</summary>
internal readonly record struct RecordStart(long Index, long Offset, long Line);
