namespace HybridBatch.Core.Splitting;

/// <summary>
/// Bytes [<see cref="Start"/>, <see cref="End"/>) of the input that one piece of the parallel split frames and
/// validates: both ends are record boundaries. <see cref="FirstLine"/> is the line numbering the range's scanner starts
/// from: the true line for CSV (the quote pass counts line feeds), 1 for JSON Lines (the merge shifts it, as no JSON
/// Lines framing error past the first range names a line).
/// </summary>
internal sealed record SplitRange(long Start, long End, long FirstLine);
