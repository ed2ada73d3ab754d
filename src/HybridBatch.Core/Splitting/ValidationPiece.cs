namespace HybridBatch.Core.Splitting;

/// <summary>
/// One work item of the parallel split (<see cref="PiecePass"/>): the records of <see cref="Range"/>, framed and
/// validated from its first record boundary, and the blocks (<see cref="ChunkContentHash"/>) of bytes
/// [<see cref="HashStart"/>, <see cref="HashEnd"/>), which start at a block edge (or the data's first byte) at most a
/// record before the range and end at the next piece's block edge (or the input's end), so every block of the input
/// is hashed by exactly one piece.
/// </summary>
internal sealed record ValidationPiece(SplitRange Range, long HashStart, long HashEnd)
{
    public long Bytes => Range.End - Range.Start;
}
