using System.Globalization;
using System.IO.Hashing;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// How a chunk's bytes are fingerprinted, the one definition the split and the worker share: the chunk's byte range
/// is cut into blocks of <see cref="BlockBytes"/> from its first byte (the last block may be shorter), and each block
/// is hashed with XxHash3 (64 bits, seed 0), written as 16 lowercase hex digits.
/// </summary>
/// <remarks>
/// Blocks rather than one hash of the whole range: a worker publishes and commits in steps whose ends depend on time,
/// so the split cannot know them; with blocks the worker checks each block before any of its bytes is framed, and a
/// changed byte is never published, not even in a step that is later rolled back. 4 MiB keeps the list short (a
/// 290,000-record chunk of 200-byte records has 14 hashes; a 10 GB Batch chunk about 2,400, some 45 KB of JSON) and the
/// worker's buffer small. XxHash3 detects accidental change (an edit, a truncation, a different file); it is not a
/// defence against someone crafting a collision.
/// </remarks>
public static class ChunkContentHash
{
    /// <summary>Bytes per hashed block: 4 MiB.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;

    /// <summary>How many blocks a range of <paramref name="bytes"/> has.</summary>
    public static long BlockCount(long bytes, int blockBytes) => (bytes + blockBytes - 1) / blockBytes;

    /// <summary>The text form of a block's hash.</summary>
    public static string Format(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The hash of one whole block, in its text form.</summary>
    public static string Of(ReadOnlySpan<byte> block) => Format(XxHash3.HashToUInt64(block));
}
