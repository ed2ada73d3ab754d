namespace HybridBatch.Core.Splitting;

/// <summary>
/// A chunk as the parallel split cuts it from its pieces' record counts (<see cref="FramedInput"/>): records
/// [<see cref="StartIndex"/>, <see cref="EndIndex"/>) at bytes [<see cref="ByteStart"/>, <see cref="ByteEnd"/>).
/// </summary>
internal sealed record ChunkBounds(int ChunkId, long StartIndex, long EndIndex, long ByteStart, long ByteEnd, long FirstLine);
