using System.Globalization;
using System.IO.Hashing;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// How a chunk's bytes are fingerprinted, the one definition the split and the worker share: the chunk's byte range
/// [ByteStart, ByteEnd) is cut at the multiples of <see cref="BlockBytes"/> counted from byte 0 of the record stream
/// its offsets are measured in (the object, or for compressed input the decompressed stream), so its first block runs
/// from ByteStart to the next multiple and its last one ends at ByteEnd (<see cref="HashBlocks"/>); each block is
/// hashed with XxHash3 (64 bits, seed 0), written as 16 lowercase hex digits.
/// </summary>
/// <remarks>
/// Blocks rather than one hash of the whole range: a worker publishes and commits in steps whose ends depend on time,
/// so the split cannot know them; with blocks the worker checks each block before any of its bytes is framed, and a
/// changed byte is never published, not even in a step that is later rolled back. 4 MiB keeps the list short (a
/// 290,000-record chunk of 200-byte records has 14 or 15 hashes; a 10 GB Batch chunk about 2,400, some 45 KB of JSON)
/// and the worker's buffer small. Blocks at object offsets rather than from each chunk's first byte: the parallel split
/// then hashes the input as it validates it, before it knows where chunks start, and only a block that a chunk start
/// cuts in two is read again (<see cref="ChunkPlanEntry.HashBlocksAtObjectOffsets"/>; plans of older builds counted
/// blocks from the chunk's first byte, and workers still read them so). XxHash3 detects accidental change (an edit, a
/// truncation, a different file); it is not a defence against someone crafting a collision.
/// </remarks>
public static class ChunkContentHash
{
    /// <summary>Bytes per hashed block: 4 MiB.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;

    /// <summary>The hashed blocks of <paramref name="chunk"/>, as its plan lays them out (null when it lists no hashes).</summary>
    public static HashBlocks? BlocksOf(ChunkPlanEntry chunk) =>
        chunk.ContentHashes is null || chunk.HashBlockBytes is not int block || block < 1
            ? null
            : new HashBlocks(chunk.ByteStart, chunk.ByteEnd, chunk.HashBlocksAtObjectOffsets ? 0 : chunk.ByteStart, block);

    /// <summary>The text form of a block's hash.</summary>
    public static string Format(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The hash of one whole block, in its text form.</summary>
    public static string Of(ReadOnlySpan<byte> block) => Format(XxHash3.HashToUInt64(block));
}
