namespace HybridBatch.Core.Splitting;

/// <summary>
/// One work item of the parallel split's validation pass: records [<see cref="StartIndex"/>, <see cref="EndIndex"/>)
/// at bytes [<see cref="ByteStart"/>, <see cref="ByteEnd"/>), all of chunk <see cref="ChunkId"/>. It hashes the
/// chunk's bytes [<see cref="HashFrom"/>, <see cref="HashTo"/>), which begin at a block edge of the chunk (at most a
/// record before <see cref="ByteStart"/>) and end at the next piece's block edge or the chunk's end, so every block of
/// the chunk is hashed by exactly one piece and the chunk's hashes are its pieces' in order.
/// </summary>
internal sealed record ValidationPiece(int ChunkId, long StartIndex, long EndIndex, long ByteStart, long ByteEnd, long FirstLine, long HashFrom, long HashTo)
{
    public long Bytes => ByteEnd - ByteStart;
}
