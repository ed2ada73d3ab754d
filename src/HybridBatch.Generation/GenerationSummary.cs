namespace HybridBatch.Generation;

/// <summary>What one <see cref="RecordGenerator.Write"/> call produced.</summary>
/// <param name="Records">Records written, valid and invalid (the CSV header is not a record).</param>
/// <param name="Invalid">How many of those were deliberately made invalid.</param>
/// <param name="Bytes">Bytes written to the stream, header included.</param>
public sealed record GenerationSummary(long Records, long Invalid, long Bytes);
